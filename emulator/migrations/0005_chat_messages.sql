-- Chat messages as Graph's chatMessage holds them: edit, delete and modification times, the
-- sender's name as sent, attachments and mentions (Graph's JSON), the reply they quote, and two
-- tables of their own for reactions and hosted contents (inline images). The old table kept a
-- `deleted` flag and no modification time: its rows move over, a deleted row deleted when it
-- was created, its body emptied as Graph returns it.
CREATE TABLE chat_messages (
    chat_id       TEXT NOT NULL REFERENCES chats(id),
    id            TEXT NOT NULL,
    created       TEXT NOT NULL,
    -- Created, edited, reacted to or deleted: what `$orderby=lastModifiedDateTime` sorts by.
    last_modified TEXT NOT NULL,
    -- Set by an edit only (Teams shows "Edited").
    last_edited   TEXT,
    deleted_at    TEXT,
    message_type  TEXT NOT NULL DEFAULT 'message'
                  CHECK (message_type IN ('message', 'systemEventMessage')),
    -- The sender; NULL for system events.
    from_user     TEXT,
    from_name     TEXT,
    content_type  TEXT NOT NULL DEFAULT 'text' CHECK (content_type IN ('text', 'html')),
    content       TEXT NOT NULL DEFAULT '',
    -- An eventMessageDetail (JSON) for system events.
    event_detail  TEXT,
    -- chatMessageAttachment and chatMessageMention collections (JSON arrays).
    attachments   TEXT NOT NULL DEFAULT '[]',
    mentions      TEXT NOT NULL DEFAULT '[]',
    reply_to_id   TEXT,
    PRIMARY KEY (chat_id, id)
);

INSERT INTO chat_messages (chat_id, id, created, last_modified, deleted_at, message_type, from_user,
                           from_name, content_type, content, event_detail)
SELECT m.chat_id, m.id, m.created, m.created, CASE WHEN m.deleted THEN m.created END,
       m.message_type, m.from_user, u.display_name, m.content_type,
       CASE WHEN m.deleted THEN '' ELSE m.content END, m.event_detail
FROM messages m LEFT JOIN users u ON u.id = m.from_user;

DROP TABLE messages;
ALTER TABLE chat_messages RENAME TO messages;
CREATE INDEX messages_by_modified ON messages (chat_id, last_modified);
CREATE INDEX messages_by_created ON messages (chat_id, created);

-- One reaction of one user of one kind: the unicode emoji, or a legacy word (`like`, `heart`...).
CREATE TABLE message_reactions (
    chat_id       TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    reaction_type TEXT NOT NULL,
    created       TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id, reaction_type),
    FOREIGN KEY (chat_id, message_id) REFERENCES messages (chat_id, id) ON DELETE CASCADE
);

-- Content Teams hosts for a message (an inline image), served at
-- `/chats/{chat}/messages/{message}/hostedContents/{id}/$value` with its content type.
CREATE TABLE hosted_contents (
    chat_id      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    PRIMARY KEY (chat_id, message_id, id),
    FOREIGN KEY (chat_id, message_id) REFERENCES messages (chat_id, id) ON DELETE CASCADE
);

-- Each member's read state stays in chat_members.last_read (viewpoint.lastMessageReadDateTime).
