-- Link rows carry statecode/statuscode, as every Dataverse row does: rows written before the
-- emulator kept them become Active, so `statecode eq 0` still finds them.
UPDATE dv_rows
SET data = json_set(data, '$.statecode', 0, '$.statuscode', 1)
WHERE entity_set IN ('msdyn_teamschatassociations', 'msdyn_teamscollaborations')
  AND json_extract(data, '$.statecode') IS NULL;
