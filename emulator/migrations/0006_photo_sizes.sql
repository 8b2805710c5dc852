-- Whether a user's photo has the sized variants (`/photos/48x48/$value`). A photo kept only in
-- Entra ID (no Exchange mailbox) answers 404 there and is served at `/photo/$value` only.
ALTER TABLE users ADD COLUMN photo_sized INTEGER NOT NULL DEFAULT 1;
