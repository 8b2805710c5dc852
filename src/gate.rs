//! The visibility gate: whether the component shows itself, decided from the device and the flags.
//!
//! Everything here is pure so that the whole decision table is tested natively. The gate fails
//! closed: any mobile signal, any flag that is off and any flag that cannot be read hides it.

use std::fmt;

/// Why the component is visible or hidden; the `reason` of the `teams-collaborate-state` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Every check passed: the component shows itself.
    Ready,
    /// The tenant's global administrator has not consented.
    TenantConsentOff,
    /// The instance's system administrator has not turned the feature on.
    InstanceOff,
    /// Some signal says the device is a phone or a tablet.
    Mobile,
    /// A flag could not be read (network error, 401, 403, bad JSON).
    FlagsUnreadable,
    /// The options handed to the component are invalid.
    InvalidOptions,
}

impl Reason {
    /// The wire name of the reason, as the state event carries it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Ready => "ready",
            Reason::TenantConsentOff => "tenant-consent-off",
            Reason::InstanceOff => "instance-off",
            Reason::Mobile => "mobile",
            Reason::FlagsUnreadable => "flags-unreadable",
            Reason::InvalidOptions => "invalid-options",
        }
    }

    /// Whether this reason lets the component show itself.
    pub fn is_visible(self) -> bool {
        self == Reason::Ready
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The host's client, as Dynamics 365 reports it (`Xrm.Utility.getGlobalContext().client.getClient()`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Client {
    /// The web client.
    Web,
    /// The Outlook client.
    Outlook,
    /// The mobile apps.
    Mobile,
    /// Any other value a host passes; it counts as neither mobile nor desktop.
    Other(String),
}

impl Client {
    /// Reads a client name the way Dynamics 365 spells it, ignoring case.
    pub fn parse(name: &str) -> Client {
        match name.to_ascii_lowercase().as_str() {
            "web" => Client::Web,
            "outlook" => Client::Outlook,
            "mobile" => Client::Mobile,
            _ => Client::Other(name.to_owned()),
        }
    }
}

/// The form factor a host reports: 0 unknown, 1 desktop, 2 tablet, 3 phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormFactor {
    /// The host does not know.
    Unknown,
    /// A desktop browser.
    Desktop,
    /// A tablet.
    Tablet,
    /// A phone.
    Phone,
}

impl FormFactor {
    /// Maps Dynamics 365's numeric form factor; `None` for any other number.
    pub fn from_code(code: u32) -> Option<FormFactor> {
        match code {
            0 => Some(FormFactor::Unknown),
            1 => Some(FormFactor::Desktop),
            2 => Some(FormFactor::Tablet),
            3 => Some(FormFactor::Phone),
            _ => None,
        }
    }
}

/// Everything the gate knows about the device, gathered from the host and the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceSignals {
    /// The host's client, when it told us.
    pub client: Option<Client>,
    /// The host's form factor, when it told us.
    pub form_factor: Option<FormFactor>,
    /// A User-Agent string the host passed (for example the CRM app's own).
    pub host_user_agent: Option<String>,
    /// The browser's `navigator.userAgent`.
    pub browser_user_agent: String,
    /// `navigator.userAgentData.mobile`, where the browser has User-Agent Client Hints.
    pub ua_data_mobile: Option<bool>,
    /// `navigator.maxTouchPoints`: tells iPadOS apart from a Mac, since both say "Macintosh".
    pub max_touch_points: u32,
}

/// What the Dataverse flags said, each read on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagReads {
    /// `organizations.ismsteamscollaborationenabled`; `None` when it could not be read.
    pub tenant_consent: Option<bool>,
    /// `msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled`; `None` when unreadable.
    pub instance_enabled: Option<bool>,
}

/// Decides visibility: mobile first (it needs no request), then the tenant flag, then the instance flag.
pub fn decide(device: &DeviceSignals, flags: FlagReads) -> Reason {
    if is_mobile(device) {
        return Reason::Mobile;
    }
    match flags.tenant_consent {
        None => return Reason::FlagsUnreadable,
        Some(false) => return Reason::TenantConsentOff,
        Some(true) => {}
    }
    match flags.instance_enabled {
        None => Reason::FlagsUnreadable,
        Some(false) => Reason::InstanceOff,
        Some(true) => Reason::Ready,
    }
}

/// True when any one signal says phone or tablet; the host cannot override a mobile browser.
pub fn is_mobile(device: &DeviceSignals) -> bool {
    device.client == Some(Client::Mobile)
        || matches!(
            device.form_factor,
            Some(FormFactor::Tablet) | Some(FormFactor::Phone)
        )
        || device.ua_data_mobile == Some(true)
        || is_mobile_user_agent(&device.browser_user_agent, device.max_touch_points)
        || device
            .host_user_agent
            .as_deref()
            .is_some_and(|ua| is_mobile_user_agent(ua, device.max_touch_points))
}

/// True for the User-Agent strings of phones and tablets, and of iPadOS posing as a Mac.
///
/// `max_touch_points` is the browser's `navigator.maxTouchPoints`; a Mac reports 0, an iPad 5.
pub fn is_mobile_user_agent(user_agent: &str, max_touch_points: u32) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    let has = |token: &str| crate::text::find(&ua, token).is_some();
    if MOBILE_TOKENS.iter().any(|token| has(token)) {
        return true;
    }
    // iPadOS 13+ Safari asks for the desktop site and says "Macintosh"; only touch gives it away.
    has("macintosh") && max_touch_points > 1
}

/// Lower-case fragments that only phone and tablet User-Agent strings carry. "Android" covers
/// Android tablets (which drop "Mobile") and the Android WebView of the Dynamics 365 and Power Apps
/// apps; "iphone", "ipad" and "ipod" cover iOS browsers and the iOS apps' WKWebView, which carry no
/// "Safari" token; the rest are mobile browser builds.
const MOBILE_TOKENS: &[&str] = &[
    "android",
    "iphone",
    "ipad",
    "ipod",
    "mobile",
    "crios/",
    "fxios/",
    "edga/",
    "edgios/",
    "windows phone",
    "iemobile",
    "opera mini",
    "blackberry",
    "bb10",
    "kindle",
    "silk/",
    "webos",
];

#[cfg(test)]
mod tests {
    use super::*;

    const ON: FlagReads = FlagReads {
        tenant_consent: Some(true),
        instance_enabled: Some(true),
    };

    fn desktop() -> DeviceSignals {
        DeviceSignals {
            browser_user_agent: CHROME_WINDOWS.to_owned(),
            ..DeviceSignals::default()
        }
    }

    const CHROME_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const EDGE_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70";
    const FIREFOX_LINUX: &str =
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const FIREFOX_WINDOWS: &str =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
    const CHROME_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const HEADLESS_CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";

    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const IPAD_SAFARI_OLD: &str = "Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1";
    // iPadOS 13+ Safari sends exactly the Mac string; only maxTouchPoints tells them apart.
    const IPADOS_AS_MAC: &str = SAFARI_MAC;
    const ANDROID_PHONE_CHROME: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    const ANDROID_TABLET_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const EDGE_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87";
    const EDGE_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 EdgiOS/131.2903.86 Mobile/15E148 Safari/605.1.15";
    const CHROME_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
    const CHROME_IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
    // The Dynamics 365 / Power Apps mobile apps render forms in the platform WebView.
    const D365_APP_ANDROID_WEBVIEW: &str = "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.81 Mobile Safari/537.36";
    const POWER_APPS_IOS_WKWEBVIEW: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    const D365_APP_IPAD_WKWEBVIEW: &str = "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";

    #[test]
    fn user_agent_table() {
        let table: &[(&str, &str, u32, bool)] = &[
            ("Chrome on Windows", CHROME_WINDOWS, 0, false),
            ("Edge on Windows", EDGE_WINDOWS, 0, false),
            ("Edge on a Windows touch laptop", EDGE_WINDOWS, 10, false),
            ("Firefox on Linux", FIREFOX_LINUX, 0, false),
            ("Firefox on Windows", FIREFOX_WINDOWS, 0, false),
            ("Safari on a Mac", SAFARI_MAC, 0, false),
            ("Chrome on a Mac", CHROME_MAC, 0, false),
            (
                "headless Chrome (the test browser)",
                HEADLESS_CHROME_LINUX,
                0,
                false,
            ),
            ("Safari on iPhone", IPHONE_SAFARI, 5, true),
            ("Safari on an old iPad", IPAD_SAFARI_OLD, 5, true),
            ("iPadOS posing as a Mac", IPADOS_AS_MAC, 5, true),
            ("Chrome on an Android phone", ANDROID_PHONE_CHROME, 5, true),
            (
                "Chrome on an Android tablet",
                ANDROID_TABLET_CHROME,
                5,
                true,
            ),
            ("Edge on Android", EDGE_ANDROID, 5, true),
            ("Edge on iOS", EDGE_IOS, 5, true),
            ("Chrome on iOS", CHROME_IOS, 5, true),
            ("Chrome on iPad", CHROME_IPAD, 5, true),
            (
                "Dynamics 365 app, Android WebView",
                D365_APP_ANDROID_WEBVIEW,
                5,
                true,
            ),
            (
                "Power Apps app, iOS WKWebView",
                POWER_APPS_IOS_WKWEBVIEW,
                5,
                true,
            ),
            (
                "Dynamics 365 app, iPad WKWebView",
                D365_APP_IPAD_WKWEBVIEW,
                5,
                true,
            ),
            // A phone string is mobile even where touch points are not reported.
            (
                "Android phone, no touch points read",
                ANDROID_PHONE_CHROME,
                0,
                true,
            ),
        ];
        for (name, ua, touch, mobile) in table {
            assert_eq!(
                is_mobile_user_agent(ua, *touch),
                *mobile,
                "{name}: {ua} (maxTouchPoints {touch})"
            );
            let device = DeviceSignals {
                browser_user_agent: (*ua).to_owned(),
                max_touch_points: *touch,
                ..DeviceSignals::default()
            };
            let want = if *mobile {
                Reason::Mobile
            } else {
                Reason::Ready
            };
            assert_eq!(decide(&device, ON), want, "{name}");
        }
    }

    #[test]
    fn desktop_with_both_flags_on_is_ready() {
        assert_eq!(decide(&desktop(), ON), Reason::Ready);
        assert!(Reason::Ready.is_visible());
    }

    #[test]
    fn every_host_signal_alone_hides() {
        let signals: Vec<(&str, DeviceSignals)> = vec![
            (
                "client Mobile",
                DeviceSignals {
                    client: Some(Client::parse("Mobile")),
                    ..desktop()
                },
            ),
            (
                "client mobile, any case",
                DeviceSignals {
                    client: Some(Client::parse("mOBILE")),
                    ..desktop()
                },
            ),
            (
                "form factor tablet",
                DeviceSignals {
                    form_factor: FormFactor::from_code(2),
                    ..desktop()
                },
            ),
            (
                "form factor phone",
                DeviceSignals {
                    form_factor: FormFactor::from_code(3),
                    ..desktop()
                },
            ),
            (
                "client hints say mobile",
                DeviceSignals {
                    ua_data_mobile: Some(true),
                    ..desktop()
                },
            ),
            (
                "host passes a phone User-Agent",
                DeviceSignals {
                    host_user_agent: Some(IPHONE_SAFARI.to_owned()),
                    ..desktop()
                },
            ),
            (
                "host passes a Mac User-Agent on a touch device",
                DeviceSignals {
                    host_user_agent: Some(IPADOS_AS_MAC.to_owned()),
                    max_touch_points: 5,
                    ..desktop()
                },
            ),
        ];
        for (name, device) in signals {
            assert_eq!(decide(&device, ON), Reason::Mobile, "{name}");
        }
    }

    #[test]
    fn desktop_host_signals_do_not_hide() {
        let signals = [
            DeviceSignals {
                client: Some(Client::parse("Web")),
                form_factor: FormFactor::from_code(1),
                ..desktop()
            },
            DeviceSignals {
                client: Some(Client::parse("Outlook")),
                form_factor: FormFactor::from_code(0),
                ua_data_mobile: Some(false),
                host_user_agent: Some(EDGE_WINDOWS.to_owned()),
                ..desktop()
            },
            DeviceSignals {
                client: Some(Client::parse("UnifiedServiceDesk")),
                ..desktop()
            },
        ];
        for device in signals {
            assert_eq!(decide(&device, ON), Reason::Ready, "{device:?}");
        }
    }

    #[test]
    fn a_desktop_host_cannot_override_a_mobile_browser() {
        let device = DeviceSignals {
            client: Some(Client::Web),
            form_factor: Some(FormFactor::Desktop),
            host_user_agent: Some(CHROME_WINDOWS.to_owned()),
            browser_user_agent: ANDROID_PHONE_CHROME.to_owned(),
            ..DeviceSignals::default()
        };
        assert_eq!(decide(&device, ON), Reason::Mobile);
    }

    #[test]
    fn flags_fail_closed_in_order() {
        let cases = [
            (Some(true), Some(true), Reason::Ready),
            (Some(false), Some(true), Reason::TenantConsentOff),
            (Some(true), Some(false), Reason::InstanceOff),
            (Some(false), Some(false), Reason::TenantConsentOff),
            (None, Some(true), Reason::FlagsUnreadable),
            (Some(true), None, Reason::FlagsUnreadable),
            (None, None, Reason::FlagsUnreadable),
            (Some(false), None, Reason::TenantConsentOff),
            (None, Some(false), Reason::FlagsUnreadable),
        ];
        for (tenant, instance, want) in cases {
            let flags = FlagReads {
                tenant_consent: tenant,
                instance_enabled: instance,
            };
            assert_eq!(decide(&desktop(), flags), want, "{flags:?}");
            assert_eq!(want.is_visible(), want == Reason::Ready);
        }
    }

    #[test]
    fn mobile_wins_over_every_flag_state() {
        let phone = DeviceSignals {
            form_factor: Some(FormFactor::Phone),
            ..desktop()
        };
        for flags in [
            ON,
            FlagReads {
                tenant_consent: None,
                instance_enabled: None,
            },
            FlagReads {
                tenant_consent: Some(false),
                instance_enabled: Some(false),
            },
        ] {
            assert_eq!(decide(&phone, flags), Reason::Mobile);
        }
    }

    #[test]
    fn form_factor_codes() {
        assert_eq!(FormFactor::from_code(0), Some(FormFactor::Unknown));
        assert_eq!(FormFactor::from_code(1), Some(FormFactor::Desktop));
        assert_eq!(FormFactor::from_code(4), None);
    }

    #[test]
    fn reason_names_match_the_contract() {
        let names: Vec<_> = [
            Reason::Ready,
            Reason::TenantConsentOff,
            Reason::InstanceOff,
            Reason::Mobile,
            Reason::FlagsUnreadable,
            Reason::InvalidOptions,
        ]
        .iter()
        .map(|r| r.to_string())
        .collect();
        assert_eq!(
            names,
            [
                "ready",
                "tenant-consent-off",
                "instance-off",
                "mobile",
                "flags-unreadable",
                "invalid-options"
            ]
        );
    }
}
