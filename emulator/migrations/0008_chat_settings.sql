-- Whether an instance has the Teams Chat Settings solution (msdyn_entitylinkchatconfiguration):
-- an org without it answers 404 for the table, as Dataverse does for an unknown entity set.
-- The demo's second instance, fabrikam, does not have it.
ALTER TABLE instances ADD COLUMN chat_settings INTEGER NOT NULL DEFAULT 1;
UPDATE instances SET chat_settings = 0 WHERE name = 'fabrikam';
