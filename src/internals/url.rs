//! Endpoint origins and the `Host` value that signers sign.
//!
//! The signed host must equal the `Host` header that `fetch` will send for the URL:
//! lowercase, with the port only when it is not the scheme's default. Parsing is strict
//! (no user info, no path, no control characters), so a configured endpoint can never
//! smuggle a second header or a different target into a signed request.

/// A validated `scheme://host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `https://host[:port]`, without a trailing slash.
    pub base: String,
    /// `host[:port]` as `fetch` sends it in `Host`.
    pub host: String,
}

/// The origin of the last service a client signed for, from an endpoint template with a
/// `{service}` placeholder: parsing it anew was a fifth of a small request's time. Cloning
/// a client starts an empty cache.
#[derive(Debug, Default)]
pub struct OriginCache {
    last: std::sync::Mutex<Option<(String, Origin)>>,
}

impl Clone for OriginCache {
    fn clone(&self) -> Self {
        OriginCache::default()
    }
}

impl OriginCache {
    /// `template` with `service` in place of `{service}`, parsed.
    pub fn get(&self, template: &str, service: &str) -> Option<Origin> {
        let mut last = self.last.lock().ok();
        if let Some(Some((cached, origin))) = last.as_deref() {
            if cached == service {
                return Some(origin.clone());
            }
        }
        let origin = Origin::parse(&template.replace("{service}", service))?;
        if let Some(slot) = last.as_deref_mut() {
            *slot = Some((service.to_owned(), origin.clone()));
        }
        Some(origin)
    }
}

impl Origin {
    /// Parses `http(s)://host[:port]` with an optional trailing `/`.
    pub fn parse(text: &str) -> Option<Origin> {
        let (scheme, rest) = text.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => "443",
            "http" => "80",
            _ => return None,
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest).to_ascii_lowercase();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, Some(p)),
            _ => (authority.as_str(), None),
        };
        let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))
        {
            !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':')
        } else {
            !host.is_empty()
                && !host.starts_with('.')
                && !host.starts_with('-')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        if !host_ok {
            return None;
        }
        let host = match port {
            None => host.to_owned(),
            Some(p) if p == default_port => host.to_owned(),
            Some(p) => {
                let n: u16 = p
                    .parse()
                    .ok()
                    .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))?;
                if n == 0 {
                    return None;
                }
                format!("{host}:{n}")
            }
        };
        Some(Origin {
            base: format!("{scheme}://{host}"),
            host,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes() {
        let o = Origin::parse("https://Partners.TencentCloudAPI.com/").unwrap();
        assert_eq!(o.base, "https://partners.tencentcloudapi.com");
        assert_eq!(o.host, "partners.tencentcloudapi.com");
        let o = Origin::parse("http://127.0.0.1:8787").unwrap();
        assert_eq!(
            (o.base.as_str(), o.host.as_str()),
            ("http://127.0.0.1:8787", "127.0.0.1:8787")
        );
        assert_eq!(Origin::parse("https://x.com:443").unwrap().host, "x.com");
        assert_eq!(
            Origin::parse("http://[::1]:9000").unwrap().host,
            "[::1]:9000"
        );
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "ftp://x.com",
            "https://",
            "https://x.com/path",
            "https://user@x.com",
            "https://x.com:0",
            "https://x.com:99999",
            "https://x.com:8a",
            "https://x.com\r\nX-Evil: 1",
            "https://x .com",
            "x.com",
        ] {
            assert_eq!(Origin::parse(bad), None, "{bad}");
        }
    }
}
