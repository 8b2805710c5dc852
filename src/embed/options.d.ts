/** The CRM record on screen. */
export interface RecordRef {
  /** The entity's logical name, e.g. "contact". */
  entityName: string;
  /** The record's GUID, with or without braces. */
  id: string;
  /** The record's primary name; the default name of a new connected chat. */
  name?: string;
  /** The entity set name, e.g. "contacts"; looked up once when absent. */
  entitySetName?: string;
}

/** The resource a token is asked for. */
export type TokenResource = "graph" | "dataverse";

/**
 * Returns a bearer token for the resource. For "dataverse", null means "use the same-origin
 * session" (requests go with credentials and no Authorization header). For "graph", null or a
 * rejection makes Graph-backed sections show "Can't reach Microsoft Teams".
 */
export type GetToken = (
  resource: TokenResource,
  context: { forceRefresh: boolean },
) => Promise<string | null> | string | null;

/** Options of `mount`, `Handle.update` and the element's `options` property. */
export interface MountOptions {
  record: RecordRef;
  /** The CRM's base URL, e.g. "https://org.crm.dynamics.com". */
  dataverseUrl: string;
  /** Microsoft Graph's base URL, e.g. "https://graph.microsoft.com/v1.0". */
  graphUrl: string;
  getToken: GetToken;
  /** "button" (default): the Collaborate button and its pane; "pane": the pane alone. */
  mode?: "button" | "pane";
  /** Flags a host already knows; when given, none is read from Dataverse. */
  flags?: { tenantConsent: boolean; instanceEnabled: boolean };
  /** A User-Agent string from the host, checked in addition to the browser's. */
  userAgent?: string;
  /** 0 unknown, 1 desktop, 2 tablet, 3 phone. */
  formFactor?: 0 | 1 | 2 | 3;
  /** The host client: "Web", "Outlook" or "Mobile". */
  client?: "Web" | "Outlook" | "Mobile" | string;
  /** A BCP 47 locale for the strings (English, German), dates and the text direction; the browser's when absent. */
  locale?: string;
  /** "light" (default), "dark", or "auto" (the browser's prefers-color-scheme). */
  theme?: "light" | "dark" | "auto";
  /** Extra hosts "Open in Teams" may open, besides teams.microsoft.com and teams.cloud.microsoft. */
  teamsHosts?: string[];
  /** Seconds between presence refreshes (default 30). */
  presenceIntervalSeconds?: number;
  /** Seconds between chat list refreshes (default 60). */
  chatListIntervalSeconds?: number;
  /** Seconds between refreshes of an open conversation's messages (default 10). */
  messagesIntervalSeconds?: number;
  /** Whether the pane shows its title "Teams chats" (default true); false where the host shows
   * its own, as the Dynamics 365 side pane does. The region keeps its accessible name. */
  showTitle?: boolean;
  /** The record's page (an https URL): a new connected chat may post a link to it. The
   * Dynamics 365 adapter derives it from the client URL. */
  recordUrl?: string;
  /** The record type's chat settings, when the host knows them: the component then does not read
   * its row of msdyn_entitylinkchatconfiguration. Absent fields are as where the table cannot be
   * read (everything on but the two disconnect rules). */
  recordTypeSettings?: RecordTypeSettings;
}

/** An administrator's chat settings for one record type (msdyn_entitylinkchatconfiguration). */
export interface RecordTypeSettings {
  /** Chats can be connected to this type at all (it has an active row; default true). */
  enabled?: boolean;
  /** A new connected chat is named after the record (default true). */
  enableAutoNameChats?: boolean;
  /** "Post a link to this record" starts on (default true). */
  enableKickoffMessage?: boolean;
  /** The saved query whose first five columns the note carries (a GUID). */
  contextViewId?: string;
  /** The record's owner may disconnect chats (default false). */
  recordOwnerCanUnlink?: boolean;
  /** Whoever connected a chat may disconnect it (default false). */
  recentChatLinkerCanUnlink?: boolean;
  /** The suggestions section shows (default true). */
  enableLogicBasedSuggestion?: boolean;
}

/** Why the component shows itself or not. */
export type StateReason =
  | "ready"
  | "tenant-consent-off"
  | "instance-off"
  | "mobile"
  | "flags-unreadable"
  | "invalid-options";

/** The detail of the `teams-collaborate-state` event. */
export interface StateEventDetail {
  visible: boolean;
  reason: StateReason;
}

/** Options of `mountFromXrm`: the form's Xrm and form context give the record and the host. */
export interface D365Options extends Partial<Omit<MountOptions, "getToken">> {
  /** The form's Xrm (from the OnLoad script); `parent.Xrm` when absent. */
  xrm?: unknown;
  /** The form context (from the OnLoad script), for the record on screen. */
  formContext?: unknown;
  getToken: GetToken;
}
