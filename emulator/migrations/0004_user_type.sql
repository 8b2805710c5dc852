-- Entra's userType: 'Member' for the tenant's own people, 'Guest' for invited guests.
ALTER TABLE users ADD COLUMN user_type TEXT NOT NULL DEFAULT 'Member';
