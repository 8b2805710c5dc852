//! What the user writes, one module per screen: each write shows at once where it can, and a
//! failure is never silent (the screen goes back to where it was and the user is told).

pub mod channels;
pub mod chats;
pub mod conversation;
