//! The emulator's CRM side: identity and sessions, records and access, the link tables, the
//! suggestions service, admin consent and the roles behind the two flags.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{assert_shape, get, post_json, request, send, Answer};
use serde_json::{json, Value};
use teams_collaborate_emulator::{app, identity, suggestions, AppState};

const API: &str = "/dataverse/contoso/api/data/v9.2";
const FABRIKAM: &str = "/dataverse/fabrikam/api/data/v9.2";
const AVA: &str = "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13";
const LEAD: &str = "9e4c5f60-7182-4c3d-8e4f-5a6b7c8d9ea1";
const GROUP_CHAT: &str = "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2";

fn su(n: u8) -> String {
    format!("dddddddd-0001-4000-8000-0000000000{n:02}")
}

fn aad(n: u8) -> String {
    format!("aaaaaaaa-0000-4000-8000-0000000000{n:02}")
}

/// The emulator with its state, for the suggestions service to run over.
struct Emu {
    app: Router,
    state: AppState,
}

fn emulator() -> Emu {
    Emu::over(common::state())
}

impl Emu {
    fn over(state: AppState) -> Emu {
        Emu {
            app: app(state.clone()),
            state,
        }
    }

    async fn send(&self, request: Request<Body>) -> Answer {
        send(&self.app, request).await
    }

    /// A Dataverse token for a demo user (`megan`, ...) in an instance.
    async fn token(&self, user: &str, instance: &str) -> String {
        let form = format!(
            "grant_type=password&client_id={}&username={user}%40contoso.com&password=demo&scope=http%3A%2F%2F127.0.0.1%3A8080%2Fdataverse%2F{instance}%2F.default",
            identity::DEMO_APP_ID
        );
        let answer = self
            .send(
                Request::post("/contoso.com/oauth2/v2.0/token")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(Body::from(form))
                    .unwrap(),
            )
            .await;
        answer.json()["access_token"].as_str().unwrap().to_owned()
    }

    /// A Web API call as `user` (None: anonymous), with optional extra headers.
    async fn call(
        &self,
        user: Option<&str>,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let instance = path.split('/').nth(2).unwrap_or("contoso").to_owned();
        let token = match user {
            Some(user) => Some(self.token(user, &instance).await),
            None => None,
        };
        self.send(request(method, path, token.as_deref(), body, headers))
            .await
    }

    async fn get(&self, user: &str, path: &str) -> Answer {
        self.call(Some(user), "GET", path, None, &[]).await
    }

    /// Connects a chat to Ava's record as `user`, as the component does.
    async fn connect(&self, user: &str, chat: &str) -> Answer {
        let links = format!("{API}/msdyn_teamschatassociations");
        let body = link_body(chat, AVA, 0);
        self.call(Some(user), "POST", &links, Some(body), &[]).await
    }
}

fn fixture(name: &str) -> Value {
    common::fixture("dataverse", name)
}

mod documented_shapes {
    use super::*;

    #[tokio::test]
    async fn functions_queries_and_writes() {
        let emu = emulator();
        let whoami = emu.get("megan", &format!("{API}/WhoAmI")).await;
        assert_shape(&fixture("whoami.json"), &whoami.json(), "$", &[]);
        assert_eq!(whoami.json()["UserId"], su(1));

        let rpa = emu.get("megan", &format!("{API}/systemusers({})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={{'@odata.id':'contacts({AVA})'}}", su(1))).await;
        assert_eq!(
            rpa.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&rpa.bytes)
        );
        assert_shape(
            &fixture("retrieve-principal-access.json"),
            &rpa.json(),
            "$",
            &[],
        );

        // The documented single-entity sample wrongly wraps it in `value`; compare the entity.
        let definition = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='contact')?$select=EntitySetName"),
            )
            .await
            .json();
        let documented = &fixture("entity-definition-entity-set-name.json")["value"][0];
        assert_shape(
            documented,
            &definition,
            "$",
            &["$.DisplayName", "$.IsKnowledgeManagementEnabled"],
        );
        assert_eq!(definition["EntitySetName"], "contacts");

        let collection = emu
            .get("megan", &format!("{API}/accounts?$select=name"))
            .await;
        let documented = fixture("query-collection.json");
        assert_shape(
            &documented,
            &collection.json(),
            "$",
            &[
                "$.value[0]._primarycontactid_value",
                "$.value[0]._primarycontactid_value@OData.Community.Display.V1.FormattedValue",
            ],
        );

        let annotated = emu
            .call(
                Some("megan"),
                "GET",
                &format!("{API}/accounts?$select=name,_ownerid_value"),
                None,
                &[(
                    "Prefer",
                    "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
                )],
            )
            .await;
        assert!(annotated
            .header("preference-applied")
            .unwrap()
            .contains("FormattedValue"));
        let row = &annotated.json()["value"][0];
        assert_eq!(
            row["_ownerid_value@OData.Community.Display.V1.FormattedValue"],
            "Lee Gu"
        );

        let single = emu
            .get("megan", &format!("{API}/contacts({AVA})?$select=fullname"))
            .await;
        assert_shape(
            &fixture("retrieve-single.json"),
            &single.json(),
            "$",
            &skip_unlike(&fixture("retrieve-single.json"), &single.json()),
        );
        assert!(single.header("etag").unwrap().starts_with("W/\""));

        let created = emu
            .call(
                Some("megan"),
                "POST",
                &format!("{API}/msdyn_teamschatassociations"),
                Some(link_body("19:new@thread.v2", AVA, 0)),
                &[("Prefer", "return=representation")],
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED);
        assert_eq!(
            created.header("preference-applied"),
            Some("return=representation")
        );
        assert_shape(
            &fixture("create-return-representation.json"),
            &created.json(),
            "$",
            &skip_unlike(
                &fixture("create-return-representation.json"),
                &created.json(),
            ),
        );

        let missing = emu
            .get(
                "megan",
                &format!("{API}/contacts(00000000-0000-0000-0000-000000000000)"),
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_shape(&fixture("error.json"), &missing.json(), "$", &[]);
        assert!(missing.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Does Not Exist"));
        let segment = emu.get("megan", &format!("{API}/nosuchtable")).await;
        assert_shape(
            &fixture("error-resource-not-found-segment.json"),
            &segment.json(),
            "$",
            &[],
        );
        assert_eq!(segment.json()["error"]["code"], "0x8006088a");
    }

    /// The documented samples show other tables' columns; only the OData envelope carries over.
    fn skip_unlike(documented: &Value, actual: &Value) -> Vec<&'static str> {
        let mut skip = Vec::new();
        if let (Some(doc), Some(act)) = (documented.as_object(), actual.as_object()) {
            for key in doc.keys() {
                if !key.starts_with('@') && !act.contains_key(key) {
                    skip.push(Box::leak(format!("$.{key}").into_boxed_str()) as &'static str);
                }
            }
        }
        skip
    }
}

fn link_body(chat: &str, regarding: &str, state: i64) -> Value {
    json!({
        "msdyn_teamschatid": chat,
        "msdyn_regardingobjectid": regarding,
        "msdyn_regardingobjectname": "contact",
        "msdyn_entityrecordstate": state,
        "msdyn_teamschatassociationname": chat,
    })
}

/// A channel link as the component writes it: every required column and the names.
fn channel_link_body() -> Value {
    json!({
        "msdyn_teamid": "19:0100c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2",
        "msdyn_groupid": "bbbbbbbb-0000-4000-8000-000000000001",
        "msdyn_tenantid": "6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d",
        "msdyn_teamname": "Contoso Sales",
        "msdyn_channelid": "19:0100c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2",
        "msdyn_channelname": "General",
        "msdyn_channeltype": "Standard",
        "msdyn_weburl": "https://teams.microsoft.com/l/channel/x",
        "msdyn_teamsiteurl": "https://contoso.sharepoint.com/sites/ContosoSales",
        "msdyn_channelfolderrelativeurl": "/sites/ContosoSales/Shared Documents/General",
        "regardingobjectid": AVA,
        "regardingobjecttypename": "contact",
        "regardingobjecttypecode": 2,
    })
}

mod identity_and_sessions {
    use super::*;

    #[tokio::test]
    async fn anonymous_and_foreign_tokens_get_an_empty_401() {
        let emu = emulator();
        let anonymous = emu
            .call(None, "GET", &format!("{API}/WhoAmI"), None, &[])
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert!(anonymous.bytes.is_empty());
        assert!(anonymous
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer"));
        let fabrikam_token = emu.token("megan", "fabrikam").await;
        let foreign = emu
            .call(
                None,
                "GET",
                &format!("{API}/WhoAmI"),
                None,
                &[("Authorization", &format!("Bearer {fabrikam_token}"))],
            )
            .await;
        assert_eq!(
            foreign.status,
            StatusCode::UNAUTHORIZED,
            "a token for another instance"
        );
    }

    #[tokio::test]
    async fn a_session_cookie_stands_for_the_signed_in_user() {
        let emu = emulator();
        let token = emu.token("alex", "contoso").await;
        let session = emu
            .send(
                Request::post("/dataverse/contoso/session")
                    .header("Authorization", format!("Bearer {token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(session.status, StatusCode::OK);
        let cookie = session.header("set-cookie").unwrap().to_owned();
        assert!(
            cookie.contains("Path=/dataverse/contoso/") && cookie.contains("HttpOnly"),
            "{cookie}"
        );
        let pair = cookie.split(';').next().unwrap().to_owned();
        let whoami = emu
            .call(
                None,
                "GET",
                &format!("{API}/WhoAmI"),
                None,
                &[("Cookie", &pair)],
            )
            .await;
        assert_eq!(whoami.json()["UserId"], su(3));
        let elsewhere = emu
            .call(
                None,
                "GET",
                &format!("{FABRIKAM}/WhoAmI"),
                None,
                &[("Cookie", &pair)],
            )
            .await;
        assert_eq!(
            elsewhere.status,
            StatusCode::UNAUTHORIZED,
            "the session is the instance's only"
        );
    }
}

mod records_and_access {
    use super::*;

    async fn rights(emu: &Emu, systemuser: &str, target: &str) -> String {
        let answer = emu.get("megan", &format!("{API}/systemusers({systemuser})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={{'@odata.id':'{target}'}}")).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        answer.json()["AccessRights"].as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn retrieve_principal_access_for_every_kind_of_user() {
        let emu = emulator();
        let ava = format!("contacts({AVA})");
        let all = "ReadAccess, WriteAccess, AppendAccess, AppendToAccess, CreateAccess, DeleteAccess, ShareAccess, AssignAccess";
        assert_eq!(rights(&emu, &su(1), &ava).await, all, "the owner");
        assert_eq!(
            rights(&emu, &su(12), &ava).await,
            all,
            "a System Administrator"
        );
        assert_eq!(
            rights(&emu, &su(3), &ava).await,
            "ReadAccess",
            "read-only on this record"
        );
        assert_eq!(rights(&emu, &su(4), &ava).await, "None", "no access at all");
        assert_eq!(
            rights(&emu, &su(5), &ava).await,
            "ReadAccess, AppendToAccess",
            "anyone else"
        );
        let braces = emu.get("megan", &format!("{API}/systemusers({{{}}})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={{'@odata.id':'contacts({})'}}", su(1).to_uppercase(), AVA.to_uppercase())).await;
        assert_eq!(
            braces.status,
            StatusCode::OK,
            "GUIDs compare case-insensitively, with or without braces"
        );
        let missing = emu.get("megan", &format!("{API}/systemusers({})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={{'@odata.id':'contacts(00000000-0000-0000-0000-000000000000)'}}", su(1))).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }

    /// The demo's lead: a record like Ava's (owned by Megan, read-only for Alex, hidden from
    /// Diego), with the metadata the component asks for.
    #[tokio::test]
    async fn the_lead_is_a_record_like_the_contact() {
        let emu = emulator();
        let definition = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='lead')?$select=EntitySetName,ObjectTypeCode"),
            )
            .await;
        assert_eq!(definition.status, StatusCode::OK, "{}", definition.text());
        let definition = definition.json();
        assert_eq!(definition["EntitySetName"], "leads");
        assert_eq!(definition["ObjectTypeCode"], 4);

        let lead = emu
            .call(
                Some("megan"),
                "GET",
                &format!("{API}/leads({LEAD})?$select=fullname,subject,companyname,_ownerid_value"),
                None,
                &[(
                    "Prefer",
                    "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
                )],
            )
            .await;
        assert_eq!(lead.status, StatusCode::OK, "{}", lead.text());
        let lead = lead.json();
        assert_eq!(lead["leadid"], LEAD);
        assert_eq!(lead["fullname"], "Priya Natarajan");
        assert_eq!(lead["companyname"], "Northwind Biologics");
        assert_eq!(lead["_ownerid_value"], su(1));
        assert_eq!(
            lead["_ownerid_value@OData.Community.Display.V1.FormattedValue"],
            "Megan Bowen"
        );
        assert_eq!(
            emu.get("diego", &format!("{API}/leads({LEAD})"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            emu.get("alex", &format!("{API}/leads?$select=fullname"))
                .await
                .json()["value"][0]["fullname"],
            "Priya Natarajan"
        );

        let priya = format!("leads({LEAD})");
        let all = "ReadAccess, WriteAccess, AppendAccess, AppendToAccess, CreateAccess, DeleteAccess, ShareAccess, AssignAccess";
        assert_eq!(rights(&emu, &su(1), &priya).await, all, "the owner");
        assert_eq!(
            rights(&emu, &su(12), &priya).await,
            all,
            "the administrator"
        );
        assert_eq!(rights(&emu, &su(3), &priya).await, "ReadAccess");
        assert_eq!(rights(&emu, &su(4), &priya).await, "None");
        assert_eq!(
            rights(&emu, &su(5), &priya).await,
            "ReadAccess, AppendToAccess"
        );

        let labels = emu
            .get(
                "johanna",
                &format!("{API}/EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,DisplayName&$filter=LogicalName%20eq%20%27subject%27"),
            )
            .await
            .json();
        assert_eq!(
            labels["value"][0]["DisplayName"]["UserLocalizedLabel"]["Label"],
            "Thema"
        );

        // Suggested: Megan (the owner), then Lee (he logged a call on it).
        suggestions::drain(&emu.state).await;
        let suggested = emu.get("megan", &format!("{API}/msdyn_teamschatsuggestions?$filter=msdyn_regardingobjectid%20eq%20'{LEAD}'")).await.json();
        let list: Vec<Value> =
            serde_json::from_str(suggested["value"][0]["msdyn_suggestions"].as_str().unwrap())
                .unwrap();
        let names: Vec<&str> = list
            .iter()
            .map(|s| s["displayName"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Megan Bowen", "Lee Gu"]);
    }

    #[tokio::test]
    async fn records_are_read_with_their_access() {
        let emu = emulator();
        assert_eq!(
            emu.get("diego", &format!("{API}/contacts({AVA})"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let diego_list = emu
            .get("diego", &format!("{API}/contacts?$select=fullname"))
            .await
            .json();
        assert!(
            diego_list["value"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["contactid"] != AVA),
            "Diego cannot see Ava"
        );
        assert_eq!(
            emu.get("alex", &format!("{API}/contacts({AVA})?$select=fullname"))
                .await
                .json()["fullname"],
            "Ava Reyes"
        );
        let users = emu.get("megan", &format!("{API}/systemusers?$filter=azureactivedirectoryobjectid%20eq%20{}&$select=fullname,azureactivedirectoryobjectid", aad(12).to_uppercase())).await.json();
        assert_eq!(users["value"].as_array().unwrap().len(), 1);
        assert_eq!(users["value"][0]["systemuserid"], su(12));
        assert!(
            users["value"][0].get("emulator_roles").is_none(),
            "internal columns never leave"
        );
        let definitions = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='incident')?$select=EntitySetName"),
            )
            .await
            .json();
        assert_eq!(definitions["EntitySetName"], "incidents");
        assert_eq!(
            emu.get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='nosuch')?$select=EntitySetName")
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            emu.get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='contact')?$select=Nope")
            )
            .await
            .status,
            StatusCode::BAD_REQUEST
        );
    }
}

mod links {
    use super::*;

    #[tokio::test]
    async fn querying_a_records_links_with_and_without_braces() {
        let emu = emulator();
        let filter = format!("(msdyn_regardingobjectid eq '{AVA}' or msdyn_regardingobjectid eq '{{{}}}') and msdyn_entityrecordstate eq 0 and statecode eq 0", AVA.to_uppercase());
        let answer = emu.get("megan", &format!("{API}/msdyn_teamschatassociations?$select=msdyn_teamschatid,_createdby_value&$filter={}", filter.replace(' ', "%20").replace('{', "%7B").replace('}', "%7D"))).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        let rows = answer.json()["value"].as_array().unwrap().clone();
        let chats: Vec<&str> = rows
            .iter()
            .map(|r| r["msdyn_teamschatid"].as_str().unwrap())
            .collect();
        assert_eq!(
            chats.len(),
            4,
            "two racing rows for one chat, Adele's, and the braces one: {chats:?}"
        );
        assert_eq!(
            chats.iter().filter(|c| **c == GROUP_CHAT).count(),
            2,
            "no unique key: duplicates stay"
        );
        assert!(
            rows.iter()
                .all(|r| r.get("msdyn_regardingobjectname").is_none()),
            "$select is honoured"
        );
        // Without `statecode eq 0` the row deactivated in Dynamics 365 comes too.
        let all = emu.get("megan", &format!("{API}/msdyn_teamschatassociations?$select=msdyn_teamschatid,statecode,statuscode&$filter={}", format!("msdyn_regardingobjectid eq '{AVA}' and msdyn_entityrecordstate eq 0").replace(' ', "%20"))).await.json();
        let inactive: Vec<&Value> = all["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["statecode"] == 1)
            .collect();
        assert_eq!(inactive.len(), 1, "{all}");
        assert_eq!(inactive[0]["statuscode"], 2);
        let unknown = emu
            .get(
                "megan",
                &format!("{API}/msdyn_teamschatassociations?$filter=msdyn_topic%20eq%20'x'"),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn connecting_and_disconnecting() {
        let emu = emulator();
        let created = emu.connect("megan", "19:abc@thread.v2").await;
        assert_eq!(created.status, StatusCode::NO_CONTENT);
        let entity = created.header("odata-entityid").unwrap().to_owned();
        let id = entity
            .rsplit_once('(')
            .unwrap()
            .1
            .trim_end_matches(')')
            .to_owned();
        let row = emu
            .get("megan", &format!("{API}/msdyn_teamschatassociations({id})"))
            .await
            .json();
        assert_eq!(row["_createdby_value"], su(1));
        assert_eq!(row["msdyn_entityrecordstate"], 0);
        let off = emu
            .call(
                Some("megan"),
                "PATCH",
                &format!("{API}/msdyn_teamschatassociations({id})"),
                Some(json!({"msdyn_entityrecordstate": 1})),
                &[("If-Match", "*")],
            )
            .await;
        assert_eq!(off.status, StatusCode::NO_CONTENT);
        assert_eq!(
            emu.get("megan", &format!("{API}/msdyn_teamschatassociations({id})"))
                .await
                .json()["msdyn_entityrecordstate"],
            1
        );
        let read_only = emu
            .call(
                Some("alex"),
                "PATCH",
                &format!("{API}/msdyn_teamschatassociations({id})"),
                Some(json!({"msdyn_entityrecordstate": 0})),
                &[],
            )
            .await;
        assert_eq!(read_only.status, StatusCode::FORBIDDEN);
        assert!(read_only.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("prvWritemsdyn_teamschatassociation"));
        let upsert_blocked = emu
            .call(
                Some("megan"),
                "PATCH",
                &format!("{API}/msdyn_teamschatassociations(00000000-0000-0000-0000-000000000001)"),
                Some(json!({"msdyn_entityrecordstate": 1})),
                &[("If-Match", "*")],
            )
            .await;
        assert_eq!(
            upsert_blocked.status,
            StatusCode::NOT_FOUND,
            "If-Match: * stops PATCH from creating"
        );
    }

    #[tokio::test]
    async fn only_the_documented_columns_can_be_written() {
        let emu = emulator();
        let url = format!("{API}/msdyn_teamschatassociations");
        let mut with_topic = link_body("19:x@thread.v2", AVA, 0);
        with_topic["msdyn_topic"] = json!("Q1 renewal");
        let mut with_creator = link_body("19:x@thread.v2", AVA, 0);
        with_creator["_createdby_value"] = json!(su(2));
        let cases = [
            (with_topic, "msdyn_topic"),
            (with_creator, "_createdby_value"),
            (link_body("19:x@thread.v2", AVA, 2), "out of the range"),
            (link_body(&"x".repeat(101), AVA, 0), "too long"),
            (link_body("19:x@thread.v2", "", 0), "Required field missing"),
        ];
        for (body, mentions) in cases {
            let answer = emu
                .call(Some("megan"), "POST", &url, Some(body.clone()), &[])
                .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
            assert!(
                answer.json()["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(mentions),
                "{}",
                answer.json()
            );
        }
        // Dataverse's codes: RequiredFieldMissing, StringLengthTooLong, PicklistValueOutOfRange.
        let mut without_record = link_body("19:x@thread.v2", AVA, 0);
        without_record
            .as_object_mut()
            .unwrap()
            .remove("msdyn_regardingobjectid");
        for (body, code) in [
            (without_record, "0x80040200"),
            (link_body(&"x".repeat(101), AVA, 0), "0x80044331"),
            (link_body("19:x@thread.v2", AVA, 7), "0x8004431a"),
        ] {
            let answer = emu
                .call(Some("megan"), "POST", &url, Some(body.clone()), &[])
                .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(answer.json()["error"]["code"], code, "{body}");
        }
        // The chat id is not required by the table: only the record is.
        let mut without_chat = link_body("19:x@thread.v2", AVA, 0);
        without_chat
            .as_object_mut()
            .unwrap()
            .remove("msdyn_teamschatid");
        let created = emu
            .call(Some("megan"), "POST", &url, Some(without_chat), &[])
            .await;
        assert_eq!(created.status, StatusCode::NO_CONTENT);
        let read_only = emu
            .call(
                Some("alex"),
                "POST",
                &url,
                Some(link_body("19:x@thread.v2", AVA, 0)),
                &[],
            )
            .await;
        assert_eq!(read_only.status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn channel_links_are_created_and_deleted() {
        let emu = emulator();
        let url = format!("{API}/msdyn_teamscollaborations");
        let listed = emu
            .get(
                "megan",
                &format!("{url}?$filter=regardingobjectid%20eq%20'{AVA}'"),
            )
            .await
            .json();
        assert_eq!(listed["value"][0]["msdyn_channelname"], "Key accounts");
        let body = channel_link_body();
        let read_only = emu
            .call(Some("alex"), "POST", &url, Some(body.clone()), &[])
            .await;
        assert_eq!(
            read_only.status,
            StatusCode::FORBIDDEN,
            "alex lacks prvCreate"
        );
        assert!(read_only.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("prvCreatemsdyn_teamscollaboration"));
        let created = emu.call(Some("megan"), "POST", &url, Some(body), &[]).await;
        assert_eq!(created.status, StatusCode::NO_CONTENT);
        let entity = created.header("odata-entityid").unwrap();
        let path = format!("{API}/{}", entity.rsplit_once("/").unwrap().1);
        assert_eq!(
            emu.call(Some("alex"), "DELETE", &path, None, &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            emu.call(Some("megan"), "DELETE", &path, None, &[])
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            emu.call(Some("megan"), "DELETE", &path, None, &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    /// The table reference's rules for `msdyn_teamscollaboration`: SystemRequired columns must
    /// be there (ApplicationRequired ones are the forms' business), text within its MaxLength,
    /// GUID and whole-number columns typed; a new row is Active.
    #[tokio::test]
    async fn channel_links_are_refused_as_dataverse_refuses_them() {
        let emu = emulator();
        let url = format!("{API}/msdyn_teamscollaborations");
        let refused = |status: StatusCode, code: &'static str| (status, code);
        let mut cases = Vec::new();
        for required in [
            "msdyn_teamid",
            "msdyn_channelid",
            "msdyn_teamsiteurl",
            "msdyn_channelfolderrelativeurl",
            "regardingobjectid",
            "regardingobjecttypename",
        ] {
            let mut without = channel_link_body();
            without.as_object_mut().unwrap().remove(required);
            cases.push((
                required.to_owned(),
                without,
                refused(StatusCode::BAD_REQUEST, "0x80040200"),
            ));
            let mut empty = channel_link_body();
            empty[required] = json!("");
            cases.push((
                format!("{required} empty"),
                empty,
                refused(
                    StatusCode::BAD_REQUEST,
                    if required == "regardingobjectid" {
                        "0x80048d19"
                    } else {
                        "0x80040200"
                    },
                ),
            ));
        }
        for (column, value, code) in [
            (
                "msdyn_teamsiteurl",
                json!(format!(
                    "https://contoso.sharepoint.com/sites/{}",
                    "x".repeat(300)
                )),
                "0x80044331",
            ),
            ("msdyn_channeltype", json!("Standardized"), "0x80044331"),
            ("msdyn_teamid", json!("x".repeat(101)), "0x80044331"),
            ("msdyn_tenantid", json!("contoso"), "0x80048d19"),
            ("regardingobjectid", json!("ava"), "0x80048d19"),
            ("regardingobjecttypecode", json!("2"), "0x80048d19"),
            ("msdyn_appid", json!("x"), "0x80060888"),
        ] {
            let mut body = channel_link_body();
            body[column] = value;
            cases.push((
                column.to_owned(),
                body,
                refused(StatusCode::BAD_REQUEST, code),
            ));
        }
        for (case, body, (status, code)) in cases {
            let answer = emu.call(Some("megan"), "POST", &url, Some(body), &[]).await;
            assert_eq!(answer.status, status, "{case}: {}", answer.text());
            assert_eq!(answer.json()["error"]["code"], code, "{case}");
        }
        // ApplicationRequired columns may be left out, as Dataverse lets the Web API do.
        let mut without_tenant = channel_link_body();
        let fields = without_tenant.as_object_mut().unwrap();
        fields.remove("msdyn_tenantid");
        fields.remove("msdyn_groupid");
        let accepted = emu
            .call(Some("megan"), "POST", &url, Some(without_tenant), &[])
            .await;
        assert_eq!(
            accepted.status,
            StatusCode::NO_CONTENT,
            "{}",
            accepted.text()
        );
        // Every column is kept, and the new row is Active.
        let created = emu
            .call(Some("megan"), "POST", &url, Some(channel_link_body()), &[])
            .await;
        let entity = created.header("odata-entityid").unwrap();
        let row = emu
            .get(
                "megan",
                &format!("{API}/{}", entity.rsplit_once('/').unwrap().1),
            )
            .await
            .json();
        for (column, value) in channel_link_body().as_object().unwrap() {
            assert_eq!(&row[column], value, "{column}");
        }
        assert_eq!(
            (row["statecode"].clone(), row["statuscode"].clone()),
            (json!(0), json!(1))
        );
    }

    #[tokio::test]
    async fn inactive_channel_links_are_left_out_by_statecode() {
        let emu = emulator();
        let url = format!("{API}/msdyn_teamscollaborations?$select=msdyn_channelname,statecode,msdyn_teamid,msdyn_groupid,msdyn_teamsiteurl,msdyn_channelfolderrelativeurl");
        let names = |answer: &Value| -> Vec<String> {
            answer["value"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["msdyn_channelname"].as_str().unwrap().to_owned())
                .collect()
        };
        let all = emu
            .get(
                "megan",
                &format!("{url}&$filter=regardingobjectid%20eq%20{AVA}"),
            )
            .await
            .json();
        assert!(names(&all).contains(&"Escalations".to_owned()), "{all}");
        let active = emu
            .get(
                "megan",
                &format!("{url}&$filter=regardingobjectid%20eq%20{AVA}%20and%20statecode%20eq%200"),
            )
            .await
            .json();
        assert_eq!(
            names(&active),
            ["Key accounts", "Old escalations", "General"]
        );
        // Key accounts is written as Microsoft's own integration writes it.
        let native = &active["value"][0];
        assert!(native["msdyn_teamid"].as_str().unwrap().starts_with("19:"));
        assert_eq!(
            native["msdyn_groupid"],
            "bbbbbbbb-0000-4000-8000-000000000001"
        );
        assert_eq!(
            native["msdyn_teamsiteurl"],
            "https://contoso.sharepoint.com/sites/ContosoSales"
        );
        assert_eq!(
            native["msdyn_channelfolderrelativeurl"],
            "/sites/ContosoSales/Shared Documents/Key accounts"
        );
    }

    #[tokio::test]
    async fn entity_definitions_give_the_object_type_code() {
        let emu = emulator();
        let definition = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='contact')?$select=EntitySetName,ObjectTypeCode"),
            )
            .await
            .json();
        assert_eq!(definition["EntitySetName"], "contacts");
        assert_eq!(definition["ObjectTypeCode"], 2);
        let account = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='account')?$select=ObjectTypeCode"),
            )
            .await
            .json();
        assert_eq!(account["ObjectTypeCode"], 1);
        assert!(
            account.get("EntitySetName").is_none(),
            "$select is honoured"
        );
    }

    #[tokio::test]
    async fn a_role_without_the_chat_link_create_privilege() {
        // Grady's role reads and writes chat links but may not create them.
        let emu = emulator();
        let refused = emu.connect("grady", "19:grady@thread.v2").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("prvCreatemsdyn_teamschatassociation"));
    }
}

mod suggestions_service {
    use super::*;

    async fn suggested(emu: &Emu) -> Vec<(String, String)> {
        suggestions::drain(&emu.state).await;
        let answer = emu.get("megan", &format!("{API}/msdyn_teamschatsuggestions?$filter=msdyn_regardingobjectid%20eq%20'{AVA}'")).await.json();
        let row = &answer["value"][0];
        assert!(row["msdyn_computedon"].is_string());
        let list: Vec<Value> =
            serde_json::from_str(row["msdyn_suggestions"].as_str().unwrap()).unwrap();
        list.iter()
            .map(|s| {
                assert!(s["AADUserId"].is_string() && s["systemUserId"].is_string());
                (
                    s["displayName"].as_str().unwrap().to_owned(),
                    s["description"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn owner_then_connectors_then_activity_loggers_licensed_only() {
        let emu = emulator();
        let list = suggested(&emu).await;
        let names: Vec<&str> = list.iter().map(|(n, _)| n.as_str()).collect();
        // Megan owns it; Adele and Johanna connected chats (Megan's own link adds nothing; the
        // disconnected one counts not); Alex logged calls; Isaiah's note is dropped: no licence.
        assert_eq!(
            names,
            [
                "Megan Bowen",
                "Adele Vance",
                "Johanna Lorenz",
                "Alex Wilber"
            ]
        );
        assert_eq!(list[0].1, "Record owner");
        assert_eq!(list[1].1, "Connected a chat to this record");
        assert_eq!(list[3].1, "Logged an activity on this record");
        let log = emu
            .send(get("/_emulator/requests?path=getTeamsLicensingDetails"))
            .await
            .json();
        assert!(
            !log["value"].as_array().unwrap().is_empty(),
            "licences are checked through Graph"
        );
    }

    #[tokio::test]
    async fn recomputed_when_links_or_activities_change() {
        let emu = emulator();
        suggested(&emu).await;
        let created = emu.connect("lee", "19:lee@thread.v2").await;
        assert_eq!(created.status, StatusCode::NO_CONTENT);
        assert!(suggested(&emu).await.iter().any(|(n, _)| n == "Lee Gu"));
        let activity = emu
            .send(post_json(
                "/_emulator/activities",
                json!({"instance": "contoso", "recordId": AVA, "by": su(5), "subject": "Call"}),
            ))
            .await;
        assert_eq!(activity.status, StatusCode::CREATED);
        let list = suggested(&emu).await;
        assert_eq!(
            list.last().unwrap(),
            &(
                "Grady Archie".to_owned(),
                "Logged an activity on this record".to_owned()
            )
        );
        assert_eq!(
            list.iter().filter(|(n, _)| n == "Alex Wilber").count(),
            1,
            "no duplicates"
        );
    }
}

mod consent_and_roles {
    use super::*;

    async fn consent_post(emu: &Emu, user: &str, password: &str, redirect: &str) -> Answer {
        let uri = format!(
            "/contoso.com/adminconsent?client_id={}&redirect_uri={redirect}&state=xyz",
            identity::DEMO_APP_ID
        );
        emu.send(
            Request::post(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "username={user}%40contoso.com&password={password}"
                )))
                .unwrap(),
        )
        .await
    }

    async fn consent_flag(emu: &Emu, api: &str) -> Value {
        emu.get(
            "megan",
            &format!("{api}/organizations?$select=ismsteamscollaborationenabled"),
        )
        .await
        .json()["value"][0]["ismsteamscollaborationenabled"]
            .clone()
    }

    #[tokio::test]
    async fn only_a_global_administrator_consents_and_it_applies_to_every_instance() {
        let emu = emulator();
        let org = emu
            .get(
                "megan",
                &format!("{API}/organizations?$select=organizationid"),
            )
            .await
            .json()["value"][0]["organizationid"]
            .as_str()
            .unwrap()
            .to_owned();
        let revoked = emu
            .call(
                Some("adele"),
                "PATCH",
                &format!("{API}/organizations({org})"),
                Some(json!({"ismsteamscollaborationenabled": false})),
                &[],
            )
            .await;
        assert_eq!(revoked.status, StatusCode::NO_CONTENT);
        assert_eq!(
            consent_flag(&emu, FABRIKAM).await,
            false,
            "the tenant's consent is every instance's"
        );

        let page = emu
            .send(
                Request::get(format!(
                    "/contoso.com/adminconsent?client_id={}&redirect_uri=http://127.0.0.1:8080/",
                    identity::DEMO_APP_ID
                ))
                .body(Body::empty())
                .unwrap(),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let html = String::from_utf8_lossy(&page.bytes).into_owned();
        assert!(
            html.contains("Dynamics 365 Microsoft Teams Collaboration Integration")
                && html.contains("<form method=\"post\"")
        );

        let not_admin = consent_post(&emu, "megan", "demo", "http://127.0.0.1:8080/").await;
        assert_eq!(not_admin.status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&not_admin.bytes).contains("AADSTS90094"));
        let wrong_password = consent_post(&emu, "adele", "nope", "http://127.0.0.1:8080/").await;
        assert!(String::from_utf8_lossy(&wrong_password.bytes).contains("AADSTS50126"));
        assert_eq!(consent_flag(&emu, API).await, false);
        let foreign_redirect = consent_post(&emu, "adele", "demo", "https://evil.example/").await;
        assert_eq!(foreign_redirect.status, StatusCode::BAD_REQUEST);

        let consented = consent_post(&emu, "adele", "demo", "http://127.0.0.1:8080/").await;
        assert_eq!(consented.status, StatusCode::FOUND);
        let location = consented.header("location").unwrap();
        assert!(
            location.starts_with("http://127.0.0.1:8080/?admin_consent=True&tenant=")
                && location.ends_with("&state=xyz"),
            "{location}"
        );
        assert_eq!(consent_flag(&emu, API).await, true);
        assert_eq!(consent_flag(&emu, FABRIKAM).await, true);
        let miriam = emu
            .call(
                Some("miriam"),
                "PATCH",
                &format!("{API}/organizations({org})"),
                Some(json!({"ismsteamscollaborationenabled": false})),
                &[],
            )
            .await;
        assert_eq!(
            miriam.status,
            StatusCode::FORBIDDEN,
            "a System Administrator cannot change tenant consent"
        );
    }

    #[tokio::test]
    async fn each_instance_is_switched_by_its_own_system_administrator() {
        let emu = emulator();
        let settings = |api: &'static str| {
            format!(
                "{api}/msdyn_msteamssettingsv2?$select=msdyn_embedcollabteamsintegrationenabled"
            )
        };
        let id = |answer: Answer| {
            answer.json()["value"][0]["msdyn_msteamssettingsv2id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let contoso = id(emu.get("megan", &settings(API)).await);
        let fabrikam = id(emu.get("megan", &settings(FABRIKAM)).await);
        let on = Some(json!({"msdyn_embedcollabteamsintegrationenabled": true}));
        let megan = emu
            .call(
                Some("megan"),
                "PATCH",
                &format!("{API}/msdyn_msteamssettingsv2({contoso})"),
                on.clone(),
                &[],
            )
            .await;
        assert_eq!(megan.status, StatusCode::FORBIDDEN);
        assert!(megan.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("System Administrator"));
        let miriam_elsewhere = emu
            .call(
                Some("miriam"),
                "PATCH",
                &format!("{FABRIKAM}/msdyn_msteamssettingsv2({fabrikam})"),
                on.clone(),
                &[],
            )
            .await;
        assert_eq!(
            miriam_elsewhere.status,
            StatusCode::FORBIDDEN,
            "Miriam administers contoso only"
        );
        let patti = emu
            .call(
                Some("patti"),
                "PATCH",
                &format!("{FABRIKAM}/msdyn_msteamssettingsv2({fabrikam})"),
                on,
                &[],
            )
            .await;
        assert_eq!(patti.status, StatusCode::NO_CONTENT);
        let fabrikam_on = emu.get("megan", &settings(FABRIKAM)).await.json()["value"][0]
            ["msdyn_embedcollabteamsintegrationenabled"]
            .clone();
        assert_eq!(fabrikam_on, true);
    }
}

#[tokio::test]
async fn links_persist_across_a_restart() {
    let dir = std::env::temp_dir().join(format!("tc-crm-{}", std::process::id()));
    let path = dir.join("emulator.sqlite");
    let path = path.to_str().unwrap();
    {
        let emu = Emu::over(common::state_at(path));
        let created = emu.connect("megan", "19:kept@thread.v2").await;
        assert_eq!(created.status, StatusCode::NO_CONTENT);
    }
    let emu = Emu::over(common::state_at(path));
    let kept = emu.get("megan", &format!("{API}/msdyn_teamschatassociations?$filter=msdyn_teamschatid%20eq%20'19:kept@thread.v2'")).await.json();
    assert_eq!(kept["value"].as_array().unwrap().len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn privileges_by_name() {
    let emu = emulator();
    let path = |n: u8| {
        format!("{API}/systemusers({})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='prvWritemsdyn_teamschatassociation')", su(n))
    };
    let megan = emu.get("megan", &path(1)).await.json();
    assert_eq!(
        megan["RolePrivileges"][0]["PrivilegeName"],
        "prvWritemsdyn_teamschatassociation"
    );
    assert_eq!(megan["RolePrivileges"][0]["Depth"], "Global");
    let alex = emu.get("megan", &path(3)).await.json();
    assert_eq!(
        alex["RolePrivileges"].as_array().unwrap().len(),
        0,
        "the read-only user lacks it"
    );
    let miriam = emu.get("megan", &path(12)).await.json();
    assert_eq!(
        miriam["RolePrivileges"].as_array().unwrap().len(),
        1,
        "a System Administrator holds every privilege"
    );
    // The channel links' delete privilege, by its schema name (any case): Lee's role lacks it.
    let delete = |n: u8| {
        format!("{API}/systemusers({})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='prvDeletemsdyn_TeamsCollaboration')", su(n))
    };
    let megan = emu.get("megan", &delete(1)).await.json();
    assert_eq!(megan["RolePrivileges"].as_array().unwrap().len(), 1);
    let lee = emu.get("megan", &delete(9)).await.json();
    assert_eq!(lee["RolePrivileges"].as_array().unwrap().len(), 0);
    let lee_chats = emu.get("megan", &path(9)).await.json();
    assert_eq!(
        lee_chats["RolePrivileges"].as_array().unwrap().len(),
        1,
        "Lee still disconnects chats"
    );
    let refused = emu
        .call(
            Some("lee"),
            "DELETE",
            &format!("{API}/msdyn_teamscollaborations(d1000000-0000-4000-8000-000000000001)"),
            None,
            &[],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "Dataverse enforces it"
    );
}

mod migration {
    /// A demo database from before the lead gains it, with Alex's and Diego's exceptions.
    #[test]
    fn an_older_demo_database_gains_the_lead() {
        let path =
            std::env::temp_dir().join(format!("emulator-lead-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let path_text = path.to_str().unwrap();
        let conn = teams_collaborate_emulator::db::open(path_text).unwrap();
        conn.execute_batch(&format!(
            "DELETE FROM dv_rows WHERE entity_set = 'leads'; DELETE FROM record_access WHERE record_id = '{}';",
            super::LEAD
        ))
        .unwrap();
        drop(conn);
        let conn = teams_collaborate_emulator::db::open(path_text).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count(
                "SELECT count(*) FROM dv_rows WHERE instance = 'contoso' AND entity_set = 'leads'"
            ),
            1
        );
        assert_eq!(
            count(&format!(
                "SELECT count(*) FROM record_access WHERE record_id = '{}'",
                super::LEAD
            )),
            2
        );
        drop(conn);
        let _ = std::fs::remove_file(&path);
    }

    /// A database from before link rows carried `statecode` keeps its links: they become Active,
    /// so the component's `statecode eq 0` still finds them.
    #[test]
    fn older_link_rows_become_active() {
        let path = super::common::older_database(
            "link-state",
            6,
            r#"INSERT INTO tenants (id, name, teams_consent) VALUES ('t', 'Old', 1);
                 INSERT INTO instances (name, tenant_id, organization_id, organization_name, settings_id) VALUES ('old', 't', 'o', 'Old', 's');
                 INSERT INTO users (id, tenant_id, display_name, user_principal_name, password) VALUES ('u', 't', 'Old User', 'old@x.test', 'demo');
                 INSERT INTO dv_rows (instance, entity_set, id, data) VALUES ('old', 'msdyn_teamschatassociations', 'c', '{"msdyn_teamschatid":"19:old@thread.v2"}');
                 INSERT INTO dv_rows (instance, entity_set, id, data) VALUES ('old', 'msdyn_teamscollaborations', 'd', '{"msdyn_channelname":"Old"}');
                 INSERT INTO dv_rows (instance, entity_set, id, data) VALUES ('old', 'msdyn_teamscollaborations', 'e', '{"msdyn_channelname":"Off","statecode":1,"statuscode":2}');
                 INSERT INTO dv_rows (instance, entity_set, id, data) VALUES ('old', 'accounts', 'a', '{}');"#,
        );
        let conn = teams_collaborate_emulator::db::open(path.to_str().unwrap()).unwrap();
        let state = |set: &str, id: &str| -> (Option<i64>, Option<i64>) {
            conn.query_row(
                "SELECT json_extract(data, '$.statecode'), json_extract(data, '$.statuscode') FROM dv_rows WHERE entity_set = ?1 AND id = ?2",
                [set, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        };
        assert_eq!(
            state("msdyn_teamschatassociations", "c"),
            (Some(0), Some(1))
        );
        assert_eq!(state("msdyn_teamscollaborations", "d"), (Some(0), Some(1)));
        assert_eq!(
            state("msdyn_teamscollaborations", "e"),
            (Some(1), Some(2)),
            "an inactive row stays inactive"
        );
        assert_eq!(
            state("accounts", "a"),
            (None, None),
            "other tables untouched"
        );
        drop(conn);
        let _ = std::fs::remove_file(&path);
    }
}

/// The Teams Chat Settings table (`msdyn_entitylinkchatconfiguration`, PA
/// `reference/entities/msdyn_entitylinkchatconfiguration.md`), the `entity` rows its
/// `msdyn_entitytype` lookup names, the view its `msdyn_contextviewid` holds, the attribute
/// labels and formatted values the note needs, who may change it, and an org without it.
mod chat_settings {
    use super::*;

    const SETTINGS: &str = "msdyn_entitylinkchatconfigurations";
    const CONTACT_ROW: &str = "f1000000-0000-4000-8000-000000000001";
    const VIEW: &str = "a2b1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c51";
    const COLUMNS: &str = "msdyn_enableautonamechats,msdyn_enablekickoffmessage,msdyn_recordownercanunlink,msdyn_recentchatlinkercanunlink,msdyn_enablelogicbasedsuggestion,msdyn_usercanjoinchat,msdyn_contextviewid";
    const FORMATTED: &str =
        "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";

    /// The component's one request at mount: this type's active row with its entity expanded.
    fn settings_query(base: &str, logical: &str) -> String {
        format!("{base}/{SETTINGS}?$select={COLUMNS}&$expand=msdyn_entitytype($select=logicalname)&$filter=msdyn_entitytype/logicalname eq '{logical}' and statecode eq 0")
            .replace(' ', "%20")
            .replace('\'', "%27")
    }

    async fn active_row(emu: &Emu, user: &str, logical: &str) -> Vec<Value> {
        let answer = emu.get(user, &settings_query(API, logical)).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        answer.json()["value"].as_array().unwrap().clone()
    }

    #[tokio::test]
    async fn one_active_row_per_seeded_type_and_none_for_lead() {
        let emu = emulator();
        let contact = active_row(&emu, "megan", "contact").await;
        assert_eq!(contact.len(), 1, "{contact:?}");
        let row = &contact[0];
        assert_eq!(row["msdyn_entitylinkchatconfigurationid"], CONTACT_ROW);
        for column in COLUMNS.split(',').filter(|c| *c != "msdyn_contextviewid") {
            assert_eq!(row[column], true, "contact {column}");
        }
        // Stored as the settings page writes it: braces and capitals.
        assert_eq!(
            row["msdyn_contextviewid"],
            format!("{{{}}}", VIEW.to_uppercase())
        );
        assert_eq!(row["msdyn_entitytype"]["logicalname"], "contact");
        assert!(row["msdyn_entitytype"]["entityid"].is_string());
        assert!(
            row.get("msdyn_name").is_none(),
            "only the selection and the key"
        );

        let account = active_row(&emu, "megan", "account").await;
        assert_eq!(account.len(), 1);
        assert_eq!(account[0]["msdyn_enableautonamechats"], false);
        assert_eq!(account[0]["msdyn_enablekickoffmessage"], false);
        assert_eq!(account[0]["msdyn_recordownercanunlink"], true);
        assert_eq!(account[0]["msdyn_recentchatlinkercanunlink"], false);
        assert_eq!(account[0]["msdyn_enablelogicbasedsuggestion"], true);
        assert_eq!(account[0]["msdyn_contextviewid"], Value::Null);

        let incident = active_row(&emu, "megan", "incident").await;
        assert_eq!(incident.len(), 1);
        assert_eq!(incident[0]["msdyn_recentchatlinkercanunlink"], true);
        assert_eq!(incident[0]["msdyn_recordownercanunlink"], false);
        assert_eq!(incident[0]["msdyn_enablelogicbasedsuggestion"], false);
        assert_eq!(incident[0]["msdyn_enableautonamechats"], true);

        assert_eq!(active_row(&emu, "megan", "lead").await, Vec::<Value>::new());
        // The read-only user reads them too (prvReadmsdyn_entitylinkchatconfiguration).
        assert_eq!(active_row(&emu, "alex", "contact").await.len(), 1);
    }

    #[tokio::test]
    async fn every_column_the_expand_and_the_statecode_filter() {
        let emu = emulator();
        // Without the statecode filter the deactivated contact row comes back too.
        let all = emu
            .get(
                "megan",
                &format!("{API}/{SETTINGS}?$expand=msdyn_entitytype($select=logicalname,name)&$filter=msdyn_entitytype/logicalname%20eq%20%27contact%27"),
            )
            .await;
        assert_eq!(all.status, StatusCode::OK, "{}", all.text());
        let body = all.json();
        assert!(body["@odata.context"].as_str().unwrap().ends_with(
            "$metadata#msdyn_entitylinkchatconfigurations(msdyn_entitytype(logicalname,name))"
        ));
        let rows = body["value"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let states: Vec<i64> = rows
            .iter()
            .map(|r| r["statecode"].as_i64().unwrap())
            .collect();
        assert_eq!(states, [0, 1]);
        let row = &rows[0];
        // The reference's readable columns, lookups as _<name>_value.
        for column in [
            "msdyn_name",
            "msdyn_uniquename",
            "_msdyn_entitytype_value",
            "msdyn_enableaiintroductionmessage",
            "msdyn_enableaisuggestion",
            "msdyn_filteringattributes",
            "msdyn_isenabledforbot",
            "statuscode",
            "_ownerid_value",
            "_owningbusinessunit_value",
            "_createdby_value",
            "_modifiedby_value",
            "createdon",
            "modifiedon",
            "versionnumber",
            "iscustomizable",
            "solutionid",
        ] {
            assert!(row.get(column).is_some(), "{column} missing from {row}");
        }
        assert_eq!(
            row["_ownerid_value"],
            su(12),
            "Miriam, the administrator, owns them"
        );
        assert_eq!(row["msdyn_entitytype"]["name"], "Contact");
        assert_eq!(
            row["msdyn_entitytype"]["entityid"],
            row["_msdyn_entitytype_value"]
        );

        // The entity rows themselves, and a single row by key with its formatted values.
        let entities = emu
            .get(
                "megan",
                &format!("{API}/entities?$select=logicalname,objecttypecode"),
            )
            .await
            .json();
        let names: Vec<&str> = entities["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["logicalname"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["contact", "account", "incident", "lead"]);
        let one = emu
            .call(
                Some("megan"),
                "GET",
                &format!("{API}/{SETTINGS}({CONTACT_ROW})?$select=msdyn_enableautonamechats,statecode,_msdyn_entitytype_value&$expand=msdyn_entitytype($select=logicalname)"),
                None,
                &[("Prefer", FORMATTED)],
            )
            .await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.text());
        let one = one.json();
        assert_eq!(
            one["msdyn_enableautonamechats@OData.Community.Display.V1.FormattedValue"],
            "Yes"
        );
        assert_eq!(
            one["statecode@OData.Community.Display.V1.FormattedValue"],
            "Active"
        );
        assert_eq!(
            one["_msdyn_entitytype_value@OData.Community.Display.V1.FormattedValue"],
            "Contact"
        );
        assert_eq!(
            one["_msdyn_entitytype_value@Microsoft.Dynamics.CRM.lookuplogicalname"],
            "entity"
        );
        assert_eq!(one["msdyn_entitytype"]["logicalname"], "contact");
    }

    #[tokio::test]
    async fn what_dataverse_refuses_in_a_query() {
        let emu = emulator();
        let cases = [
            // msdyn_contextviewid is a String column, not a lookup.
            (
                format!("{API}/{SETTINGS}?$select=_msdyn_contextviewid_value"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
            (
                format!("{API}/{SETTINGS}?$expand=msdyn_entitytypeid"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
            (
                format!("{API}/{SETTINGS}?$expand=msdyn_entitytype($select=logicalnam)"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
            (
                format!("{API}/{SETTINGS}?$expand=msdyn_entitytype($filter=name%20eq%20%27x%27)"),
                StatusCode::BAD_REQUEST,
                "0x80048d19",
            ),
            (
                format!("{API}/{SETTINGS}?$filter=msdyn_entitytype/logical%20eq%20%27contact%27"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
            (
                format!("{API}/{SETTINGS}?$count=true"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
            (
                format!("{API}/contacts?$expand=msdyn_entitytype"),
                StatusCode::BAD_REQUEST,
                "0x80060888",
            ),
        ];
        for (path, status, code) in cases {
            let answer = emu.get("megan", &path).await;
            assert_eq!(answer.status, status, "{path}: {}", answer.text());
            assert_eq!(answer.json()["error"]["code"], code, "{path}");
        }
    }

    #[tokio::test]
    async fn the_contact_view_names_five_columns() {
        let emu = emulator();
        // Braces and capitals, as msdyn_contextviewid holds the id, address the same row.
        for key in [VIEW.to_owned(), format!("{{{}}}", VIEW.to_uppercase())] {
            let answer = emu
                .get(
                    "megan",
                    &format!(
                        "{API}/savedqueries({key})?$select=layoutxml,fetchxml,returnedtypecode"
                    ),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            let view = answer.json();
            assert_eq!(view["savedqueryid"], VIEW);
            assert_eq!(view["returnedtypecode"], "contact");
            let layout = view["layoutxml"].as_str().unwrap();
            let cells: Vec<&str> = layout
                .split("<cell name=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap())
                .collect();
            assert_eq!(
                cells,
                [
                    "fullname",
                    "parentcustomerid",
                    "jobtitle",
                    "telephone1",
                    "preferredcontactmethodcode"
                ]
            );
            assert!(view["fetchxml"]
                .as_str()
                .unwrap()
                .contains("<entity name=\"contact\">"));
        }
    }

    #[tokio::test]
    async fn attribute_labels_in_english_and_german() {
        let emu = emulator();
        let path = format!("{API}/EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,DisplayName&$filter=LogicalName%20eq%20%27fullname%27%20or%20LogicalName%20eq%20%27parentcustomerid%27%20or%20LogicalName%20eq%20%27preferredcontactmethodcode%27");
        let english = emu.get("megan", &path).await;
        assert_eq!(english.status, StatusCode::OK, "{}", english.text());
        let english = english.json();
        assert!(english["@odata.context"].as_str().unwrap().ends_with(
            "$metadata#EntityDefinitions('contact')/Attributes(LogicalName,DisplayName)"
        ));
        let items = english["value"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        let fullname = &items[0];
        assert_eq!(fullname["LogicalName"], "fullname");
        assert_eq!(
            fullname["@odata.type"],
            "#Microsoft.Dynamics.CRM.StringAttributeMetadata"
        );
        assert!(fullname["MetadataId"].is_string());
        let labels = fullname["DisplayName"]["LocalizedLabels"]
            .as_array()
            .unwrap();
        let by_language: Vec<(i64, &str)> = labels
            .iter()
            .map(|l| {
                (
                    l["LanguageCode"].as_i64().unwrap(),
                    l["Label"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            by_language,
            [(1033, "Full Name"), (1031, "Vollständiger Name")]
        );
        assert_eq!(
            fullname["DisplayName"]["UserLocalizedLabel"]["Label"],
            "Full Name"
        );
        assert_eq!(
            items[1]["DisplayName"]["UserLocalizedLabel"]["Label"],
            "Company Name"
        );
        assert_eq!(
            items[2]["DisplayName"]["UserLocalizedLabel"]["Label"],
            "Preferred Method of Contact"
        );

        // Johanna works in German: her UserLocalizedLabel is the 1031 one.
        let german = emu.get("johanna", &path).await.json();
        let label = &german["value"][0]["DisplayName"]["UserLocalizedLabel"];
        assert_eq!(label["Label"], "Vollständiger Name");
        assert_eq!(label["LanguageCode"], 1031);

        let unknown = emu
            .get(
                "megan",
                &format!("{API}/EntityDefinitions(LogicalName='contact')/Attributes?$select=Label"),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        assert_eq!(unknown.json()["error"]["code"], "0x80060888");
    }

    #[tokio::test]
    async fn the_record_with_formatted_values_of_the_view_columns() {
        let emu = emulator();
        let path = format!("{API}/contacts({AVA})?$select=fullname,_parentcustomerid_value,jobtitle,telephone1,preferredcontactmethodcode");
        let answer = emu
            .call(Some("megan"), "GET", &path, None, &[("Prefer", FORMATTED)])
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        assert_eq!(
            answer.header("Preference-Applied"),
            Some("odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"")
        );
        let ava = answer.json();
        assert_eq!(ava["fullname"], "Ava Reyes");
        assert_eq!(ava["jobtitle"], "Procurement Lead");
        assert_eq!(ava["telephone1"], "+1 425 555 0142");
        assert_eq!(
            ava["_parentcustomerid_value"],
            "7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c81"
        );
        assert_eq!(
            ava["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"],
            "Contoso Pharmaceuticals"
        );
        assert_eq!(
            ava["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"],
            "account"
        );
        assert_eq!(ava["preferredcontactmethodcode"], 2);
        assert_eq!(
            ava["preferredcontactmethodcode@OData.Community.Display.V1.FormattedValue"],
            "Email"
        );

        let german = emu
            .call(
                Some("johanna"),
                "GET",
                &path,
                None,
                &[("Prefer", FORMATTED)],
            )
            .await
            .json();
        assert_eq!(
            german["preferredcontactmethodcode@OData.Community.Display.V1.FormattedValue"],
            "E-Mail"
        );
        let plain = emu.get("megan", &path).await.json();
        assert!(plain
            .get("preferredcontactmethodcode@OData.Community.Display.V1.FormattedValue")
            .is_none());
    }

    #[tokio::test]
    async fn only_a_system_administrator_changes_the_rows() {
        let emu = emulator();
        let row = format!("{API}/{SETTINGS}({CONTACT_ROW})");
        let change = json!({"msdyn_enablekickoffmessage": false});
        let bind = json!({
            "msdyn_name": "lead",
            "msdyn_uniquename": "msdyn_lead_chatconfiguration",
            "msdyn_entitytype@odata.bind": "/entities(e0000000-0000-4000-8000-000000000004)",
            "msdyn_enableautonamechats": true,
        });
        for user in ["megan", "alex", "lee"] {
            let patch = emu
                .call(Some(user), "PATCH", &row, Some(change.clone()), &[])
                .await;
            assert_eq!(
                patch.status,
                StatusCode::FORBIDDEN,
                "{user}: {}",
                patch.text()
            );
            let error = patch.json();
            assert_eq!(error["error"]["code"], "0x80040220");
            assert!(error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("prvWritemsdyn_entitylinkchatconfiguration"));
            let post = emu
                .call(
                    Some(user),
                    "POST",
                    &format!("{API}/{SETTINGS}"),
                    Some(bind.clone()),
                    &[],
                )
                .await;
            assert_eq!(
                post.status,
                StatusCode::FORBIDDEN,
                "{user}: {}",
                post.text()
            );
            assert_eq!(post.json()["error"]["code"], "0x80040220");
        }
        assert_eq!(
            active_row(&emu, "megan", "contact").await[0]["msdyn_enablekickoffmessage"],
            true
        );

        let patch = emu
            .call(Some("miriam"), "PATCH", &row, Some(change), &[])
            .await;
        assert_eq!(patch.status, StatusCode::NO_CONTENT, "{}", patch.text());
        assert_eq!(
            active_row(&emu, "megan", "contact").await[0]["msdyn_enablekickoffmessage"],
            false
        );

        let post = emu
            .call(
                Some("miriam"),
                "POST",
                &format!("{API}/{SETTINGS}"),
                Some(bind),
                &[],
            )
            .await;
        assert_eq!(post.status, StatusCode::NO_CONTENT, "{}", post.text());
        assert!(post
            .header("OData-EntityId")
            .unwrap()
            .contains("/msdyn_entitylinkchatconfigurations("));
        let lead = active_row(&emu, "megan", "lead").await;
        assert_eq!(lead.len(), 1, "the new row is active");
        assert_eq!(lead[0]["msdyn_enableautonamechats"], true);
        assert_eq!(
            lead[0]["msdyn_recordownercanunlink"],
            Value::Null,
            "not given"
        );

        // A lookup is written by binding its navigation property, not its _value column.
        let direct = emu
            .call(
                Some("miriam"),
                "PATCH",
                &row,
                Some(json!({"_msdyn_entitytype_value": "e0000000-0000-4000-8000-000000000004"})),
                &[],
            )
            .await;
        assert_eq!(direct.status, StatusCode::BAD_REQUEST, "{}", direct.text());
        let missing = emu
            .call(
                Some("miriam"),
                "POST",
                &format!("{API}/{SETTINGS}"),
                Some(json!({"msdyn_name": "x"})),
                &[],
            )
            .await;
        assert_eq!(
            missing.json()["error"]["code"],
            "0x80040200",
            "msdyn_uniquename is SystemRequired"
        );
    }

    /// What the demo's "Record type settings" do for leads, as Miriam: find the `entity` row,
    /// create the configuration, deactivate it, and activate it again.
    #[tokio::test]
    async fn chats_turned_on_and_off_for_leads() {
        let emu = emulator();
        let entity = emu
            .get(
                "miriam",
                &format!("{API}/entities?$filter=logicalname%20eq%20%27lead%27&$select=entityid"),
            )
            .await;
        assert_eq!(entity.status, StatusCode::OK, "{}", entity.text());
        let entity = entity.json()["value"][0]["entityid"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(entity, "e0000000-0000-4000-8000-000000000004");
        let post = emu
            .call(
                Some("miriam"),
                "POST",
                &format!("{API}/{SETTINGS}"),
                Some(json!({
                    "msdyn_name": "lead",
                    "msdyn_uniquename": "msdyn_lead_chatconfiguration",
                    "msdyn_entitytype@odata.bind": format!("/entities({entity})"),
                    "msdyn_enableautonamechats": true,
                    "msdyn_enablekickoffmessage": true,
                    "msdyn_recordownercanunlink": true,
                    "msdyn_recentchatlinkercanunlink": true,
                    "msdyn_enablelogicbasedsuggestion": true,
                    "msdyn_usercanjoinchat": true,
                })),
                &[],
            )
            .await;
        assert_eq!(post.status, StatusCode::NO_CONTENT, "{}", post.text());
        let rows = active_row(&emu, "megan", "lead").await;
        assert_eq!(rows.len(), 1);
        let id = rows[0]["msdyn_entitylinkchatconfigurationid"]
            .as_str()
            .unwrap()
            .to_owned();
        let row = format!("{API}/{SETTINGS}({id})");
        for (state, status, active) in [(1, 2, 0), (0, 1, 1)] {
            let patch = emu
                .call(
                    Some("miriam"),
                    "PATCH",
                    &row,
                    Some(json!({"statecode": state, "statuscode": status})),
                    &[],
                )
                .await;
            assert_eq!(patch.status, StatusCode::NO_CONTENT, "{}", patch.text());
            assert_eq!(active_row(&emu, "megan", "lead").await.len(), active);
        }
        let inactive = emu
            .get(
                "miriam",
                &format!("{API}/{SETTINGS}?$select=statecode&$filter=msdyn_entitytype/logicalname%20eq%20%27contact%27%20and%20statecode%20eq%201&$orderby=modifiedon%20desc&$top=1"),
            )
            .await;
        assert_eq!(inactive.status, StatusCode::OK, "{}", inactive.text());
        assert_eq!(
            inactive.json()["value"][0]["msdyn_entitylinkchatconfigurationid"],
            "f1000000-0000-4000-8000-000000000004",
            "the seeded deactivated contact row"
        );
    }

    #[tokio::test]
    async fn an_org_without_the_solution_has_no_such_entity_set() {
        let emu = emulator();
        for user in ["patti", "megan"] {
            let answer = emu.get(user, &settings_query(FABRIKAM, "contact")).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{user}: {}",
                answer.text()
            );
            assert_eq!(
                answer.json(),
                json!({"error": {"code": "0x8006088a", "message": "Resource not found for the segment 'msdyn_entitylinkchatconfigurations'."}})
            );
        }
        let definition = emu
            .get(
                "patti",
                &format!(
                    "{FABRIKAM}/EntityDefinitions(LogicalName='msdyn_entitylinkchatconfiguration')"
                ),
            )
            .await;
        assert_eq!(definition.status, StatusCode::NOT_FOUND);
        let write = emu
            .call(
                Some("patti"),
                "PATCH",
                &format!("{FABRIKAM}/{SETTINGS}({CONTACT_ROW})"),
                Some(json!({"msdyn_usercanjoinchat": true})),
                &[],
            )
            .await;
        assert_eq!(write.status, StatusCode::NOT_FOUND);

        // Test instances have the solution unless asked otherwise.
        for (chat_settings, status) in [(true, StatusCode::OK), (false, StatusCode::NOT_FOUND)] {
            let created = emu
                .send(post_json(
                    "/_emulator/instances",
                    json!({"chatSettings": chat_settings}),
                ))
                .await
                .json();
            let instance = created["instance"].as_str().unwrap();
            let form = format!(
                "grant_type=password&client_id={}&username={}&password=demo&scope=http%3A%2F%2F127.0.0.1%3A8080%2Fdataverse%2F{instance}%2F.default",
                identity::DEMO_APP_ID,
                created["username"].as_str().unwrap().replace('@', "%40"),
            );
            let token = emu
                .send(
                    Request::post("/organizations/oauth2/v2.0/token")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(Body::from(form))
                        .unwrap(),
                )
                .await
                .json()["access_token"]
                .as_str()
                .unwrap()
                .to_owned();
            let base = format!("/dataverse/{instance}/api/data/v9.2");
            let answer = emu
                .send(request(
                    "GET",
                    &settings_query(&base, "contact"),
                    Some(&token),
                    None,
                    &[],
                ))
                .await;
            assert_eq!(answer.status, status, "{}", answer.text());
            if status == StatusCode::OK {
                assert_eq!(answer.json()["value"].as_array().unwrap().len(), 1);
            }
        }
    }
}
