//! Dataverse Web API v9.2 calls.

use super::{http, Api, Error, Resource, Result};
use serde::Deserialize;

/// Reads the tenant consent flag, `organizations.ismsteamscollaborationenabled`.
///
/// A null value reads as off; no organization row at all cannot be read.
pub async fn read_tenant_consent(api: &Api) -> Result<bool> {
    let url = format!(
        "{}organizations?$select=ismsteamscollaborationenabled",
        api.dataverse_root()
    );
    let rows: Rows<OrganizationRow> = http::get_json(api, Resource::Dataverse, &url).await?;
    let row = rows
        .value
        .into_iter()
        .next()
        .ok_or(Error::MissingRow("organizations"))?;
    Ok(row.ismsteamscollaborationenabled.unwrap_or(false))
}

/// Reads the instance switch, `msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled`.
///
/// An instance whose settings row was never written has not turned the feature on.
pub async fn read_instance_enabled(api: &Api) -> Result<bool> {
    let url = format!(
        "{}msdyn_msteamssettingsv2?$select=msdyn_embedcollabteamsintegrationenabled",
        api.dataverse_root()
    );
    let rows: Rows<TeamsSettingsRow> = http::get_json(api, Resource::Dataverse, &url).await?;
    Ok(rows
        .value
        .into_iter()
        .next()
        .and_then(|row| row.msdyn_embedcollabteamsintegrationenabled)
        .unwrap_or(false))
}

/// An OData collection.
#[derive(Deserialize)]
struct Rows<T> {
    value: Vec<T>,
}

#[derive(Deserialize)]
struct OrganizationRow {
    ismsteamscollaborationenabled: Option<bool>,
}

#[derive(Deserialize)]
struct TeamsSettingsRow {
    msdyn_embedcollabteamsintegrationenabled: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_rows_parse_the_documented_shape() {
        let body = r#"{"@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#organizations(ismsteamscollaborationenabled)","value":[{"@odata.etag":"W/\"1\"","ismsteamscollaborationenabled":true,"organizationid":"0a1b2c3d-0000-0000-0000-000000000001"}]}"#;
        let rows: Rows<OrganizationRow> = serde_json::from_str(body).unwrap();
        assert_eq!(rows.value[0].ismsteamscollaborationenabled, Some(true));

        let body = r#"{"value":[{"msdyn_embedcollabteamsintegrationenabled":null}]}"#;
        let rows: Rows<TeamsSettingsRow> = serde_json::from_str(body).unwrap();
        assert_eq!(rows.value[0].msdyn_embedcollabteamsintegrationenabled, None);
    }

    #[test]
    fn a_flag_of_the_wrong_type_is_an_error() {
        let body = r#"{"value":[{"ismsteamscollaborationenabled":"true"}]}"#;
        assert!(serde_json::from_str::<Rows<OrganizationRow>>(body).is_err());
    }
}
