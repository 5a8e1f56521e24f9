//! Not API: the model tables, their interpreter and readers, the HTTP exchange types' home,
//! limits, secrets and URLs. Public only for quotakit's own integration tests and fuzz
//! targets, and hidden from the docs: anything here may change in any release. What users
//! need of it is re-exported at the crate root.

pub mod clock;
pub mod http;
pub mod limits;
pub(crate) mod order;
pub mod scan;
pub mod schema;
pub mod secret;
pub mod shape;
pub mod url;
