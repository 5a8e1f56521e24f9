//! Polyv `sign` against the official vectors (`tests/vectors/polyv-sign/`).

mod common;

use quotakit::sign::polyv::{sign, SignatureMethod};

fn check(name: &str) {
    let v = common::load("polyv-sign", name);
    let params: Vec<(&str, &str)> = v["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
        .collect();
    let secret = v["appSecret"].as_str().unwrap();
    let method = if v["method"] == "SHA256" {
        SignatureMethod::Sha256
    } else {
        SignatureMethod::Md5
    };
    let out = sign(&params, secret, method);
    if let Some(plain) = v["expected"]["plain"].as_str() {
        assert_eq!(
            out.redacted_plain.replace("<appSecret>", secret),
            plain,
            "{name}: plain string"
        );
        assert!(
            !out.redacted_plain.contains(secret),
            "{name}: the shown plain string hides the secret"
        );
    }
    assert_eq!(
        out.sign,
        v["expected"]["sign"].as_str().unwrap(),
        "{name}: sign"
    );
}

macro_rules! vectors {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { check(&stringify!($name).replace('_', "-")); } )*
        #[test]
        fn every_vector_file_has_a_test() {
            common::assert_all_covered("polyv-sign", &[$(stringify!($name)),*]);
        }
    };
}

vectors!(
    official_md5,
    official_sha256_without_method_param,
    official_sha256_with_method_param
);

#[test]
fn non_ascii_values_are_signed_as_utf8() {
    // MD5("s" + "name张三" + "s"), computed independently with Python's hashlib.
    let out = sign(&[("name", "张三")], "s", SignatureMethod::Md5);
    assert_eq!(out.sign, "5154E570315742802FCE83D40C7ACB71");
    assert_eq!(out.signed_params, vec!["name"]);
}

#[test]
fn order_of_input_does_not_matter() {
    let a = sign(
        &[("b", "2"), ("a", "1"), ("B", "3")],
        "k",
        SignatureMethod::Md5,
    );
    let b = sign(
        &[("B", "3"), ("a", "1"), ("b", "2")],
        "k",
        SignatureMethod::Md5,
    );
    assert_eq!(a, b);
    assert_eq!(a.redacted_plain, "<appSecret>B3a1b2<appSecret>");
}
