//! `jdy sign`: every stage of signing one request, to compare with what another client
//! computes when the gateway answers 4008 (X-Api-Signature invalid).

use std::io::{self, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use jdy::signing::{self, SigningInput};
use jdy::{Method, Secret};

/// What is signed, as read from the command line.
pub struct SignRequest {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub nonce: String,
    pub timestamp: String,
}

/// Who signs: the client_secret is the key; the other values only fill in the headers.
pub struct Signer {
    pub client_id: Option<String>,
    pub client_secret: Secret,
    pub domain: Option<String>,
}

/// A random positive nonce of 10 digits, as Kingdee's client sends.
pub fn random_nonce() -> String {
    fastrand::u64(1_000_000_000..10_000_000_000).to_string()
}

/// The time now, in milliseconds since 1970.
pub fn now_ms() -> String {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
        .to_string()
}

/// The `app_signature` of a token request, with its inputs named (never the app_secret).
pub fn write_app_signature(
    out: &mut impl Write,
    app_key: &str,
    app_secret: &Secret,
) -> io::Result<String> {
    let app_signature = signing::app_signature(app_key, app_secret.expose());
    writeln!(
        out,
        "app_signature = base64(hex(HMAC-SHA256(key = app_secret, message = app_key)))"
    )?;
    writeln!(out, "  app_key        {app_key}")?;
    writeln!(out, "  app_signature  {app_signature}")?;
    writeln!(out)?;
    Ok(app_signature)
}

/// Prints each stage of signing `request` with `signer`.
pub fn write_stages(
    out: &mut impl Write,
    request: &SignRequest,
    signer: &Signer,
) -> io::Result<()> {
    let query: Vec<(&str, &str)> = request
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let method = request.method.as_str();
    let signed = signing::sign(
        signer.client_secret.expose(),
        &SigningInput {
            method,
            path: &request.path,
            query: &query,
            nonce: &request.nonce,
            timestamp: &request.timestamp,
        },
    );
    let url_query = if signed.query.wire.is_empty() {
        String::new()
    } else {
        format!("?{}", signed.query.wire)
    };
    writeln!(out, "request: {method} {}{url_query}", request.path)?;
    writeln!(out)?;
    writeln!(
        out,
        "1. query on the URL: gw(key)=form(value), sorted as whole strings"
    )?;
    writeln!(out, "   {}", signed.query.wire)?;
    writeln!(
        out,
        "2. canonical query line: each entry re-encoded as gw(key)=gw(value)"
    )?;
    writeln!(out, "   {}", signed.query.signed)?;
    writeln!(
        out,
        "3. string to sign (every line ends in \\n, the last one too):"
    )?;
    for line in signed.string_to_sign.split_inclusive('\n') {
        writeln!(out, "   {}\\n", line.trim_end_matches('\n'))?;
    }
    // The signature is base64 of the hex text; decoding it gives that text back.
    let hex = STANDARD
        .decode(&signed.signature)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    writeln!(
        out,
        "4. HMAC-SHA256(key = client_secret, message = string to sign), lower-case hex:"
    )?;
    writeln!(out, "   {hex}")?;
    writeln!(
        out,
        "5. X-Api-Signature = base64 of that hex text (not of the raw digest):"
    )?;
    writeln!(out, "   {}", signed.signature)?;
    writeln!(out)?;
    writeln!(out, "headers:")?;
    let client_id = signer.client_id.as_deref().unwrap_or("<client_id>");
    let business = !request.path.starts_with("/jdyconnector/");
    let domain = signer.domain.as_deref().unwrap_or("<domain>");
    for header in jdy::service::HEADERS {
        if header.business_only && !business {
            continue;
        }
        let value = match header.name {
            "Content-Type" => "application/json",
            "X-Api-ClientID" => client_id,
            "X-Api-Auth-Version" => jdy::service::AUTH_VERSION,
            "X-Api-TimeStamp" => &request.timestamp,
            "X-Api-Nonce" => &request.nonce,
            "X-Api-SignHeaders" => jdy::service::SIGN_HEADERS,
            "X-Api-Signature" => &signed.signature,
            "app-token" => "<app-token> (not signed)",
            "X-GW-Router-Addr" => domain,
            _ => header.example,
        };
        writeln!(out, "  {}: {value}", header.name)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hex_stage_is_the_text_the_signature_encodes() {
        let request = SignRequest {
            method: Method::Get,
            path: "/jdy/v2/bd/customer".into(),
            query: vec![("search".into(), "苹果".into())],
            nonce: "1".into(),
            timestamp: "2".into(),
        };
        let signer = Signer {
            client_id: None,
            client_secret: Secret::new("a-client-secret"),
            domain: Some("https://tf.jdy.com".into()),
        };
        let mut out = Vec::new();
        write_stages(&mut out, &request, &signer).expect("written to memory");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        let hex_at = lines
            .iter()
            .position(|l| l.starts_with("4."))
            .expect("stage 4");
        let hex = lines[hex_at + 1].trim();
        assert_eq!(hex.len(), 64, "{text}");
        assert!(hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(lines[hex_at + 3].trim(), STANDARD.encode(hex), "{text}");
        assert!(
            text.contains("  X-GW-Router-Addr: https://tf.jdy.com\n"),
            "{text}"
        );
        assert!(!text.contains("a-client-secret"), "{text}");
        assert_eq!(random_nonce().len(), 10);
    }
}
