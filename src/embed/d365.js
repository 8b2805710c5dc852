// The Dynamics 365 adapter: reads the record and the host context from the form's Xrm and mounts
// the component. The form's OnLoad script hands in Xrm and the form context (through the web
// resource control's getContentWindow()); without them the parent window's Xrm is used.

function strip(id) {
  return String(id || '').replace(/[{}]/g, '').toLowerCase();
}

export function optionsFromXrm(xrm, formContext, extra) {
  if (!xrm || !xrm.Utility || typeof xrm.Utility.getGlobalContext !== 'function') {
    const error = new Error('teams-collaborate: option "xrm" must be the form\'s Xrm object');
    error.field = 'xrm';
    throw error;
  }
  const context = xrm.Utility.getGlobalContext();
  const entity = formContext && formContext.data && formContext.data.entity;
  const fromData = extra.record || {};
  const record = entity
    ? {
        entityName: entity.getEntityName(),
        id: strip(entity.getId()),
        name: entity.getPrimaryAttributeValue() || '',
        entitySetName: typeof entity.getEntitySetName === 'function' ? entity.getEntitySetName() : fromData.entitySetName,
      }
    : { ...fromData, id: strip(fromData.id) };
  const client = context.client || {};
  const clientUrl = context.getClientUrl();
  return {
    graphUrl: 'https://graph.microsoft.com/v1.0',
    // The record's form (over https only), linked in a new connected chat's first message.
    recordUrl: /^https:\/\//i.test(clientUrl)
      ? `${clientUrl}/main.aspx?etn=${encodeURIComponent(record.entityName || '')}&id=${encodeURIComponent(record.id || '')}&pagetype=entityrecord`
      : undefined,
    ...extra,
    record,
    dataverseUrl: clientUrl,
    formFactor: typeof client.getFormFactor === 'function' ? client.getFormFactor() : undefined,
    client: typeof client.getClient === 'function' ? client.getClient() : undefined,
  };
}

export function parentXrm() {
  try {
    return window.parent && window.parent !== window ? window.parent.Xrm : window.Xrm;
  } catch {
    // A cross-origin parent: no Xrm to borrow.
    return undefined;
  }
}
