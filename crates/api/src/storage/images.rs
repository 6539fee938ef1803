//! Uploaded images are files only (named by content-free ids, referenced
//! from bodies, logos and banners); storage records their upload.

use super::SiteTx;

/// Records an uploaded image in the transaction's audit entry.
pub fn record_upload(tx: &SiteTx, name: &str, bytes: usize, width: u32, height: u32) {
    let changes = serde_json::json!({"after": {
        "name": name, "bytes": bytes, "width": width, "height": height,
    }});
    tx.record(super::audit::other("image", None, "create", name, changes));
}
