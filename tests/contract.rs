//! The gRPC contract as other languages generate from it: every message,
//! field, oneof, enum, enum value and RPC of the proto carries a comment
//! (buf's COMMENTS rules, checked here without buf: `buf.yaml` says how to
//! run buf itself), and the file options each language's generator reads
//! are set. Compiled the way `build.rs` compiles it (protox, source info).

use std::collections::HashMap;

use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};

const PROTO: &str = "creche/allocation/v1/allocation.proto";

fn contract() -> FileDescriptorProto {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/proto");
    let mut compiler = protox::Compiler::new([root]).unwrap();
    compiler.include_source_info(true);
    compiler.open_files([PROTO]).unwrap();
    compiler
        .file_descriptor_set()
        .file
        .into_iter()
        .find(|f| f.name() == PROTO)
        .unwrap()
}

/// Descriptor paths (see descriptor.proto: 4 = message_type, 2 = field,
/// 3 = nested_type, 4 = enum_type, 8 = oneof_decl, 5 = enum value list) of
/// every element that must be commented, with a name to report.
fn elements(file: &FileDescriptorProto) -> Vec<(Vec<i32>, String)> {
    let mut out = Vec::new();
    for (i, m) in file.message_type.iter().enumerate() {
        message(m, vec![4, i as i32], m.name(), &mut out);
    }
    for (i, e) in file.enum_type.iter().enumerate() {
        enumeration(e, vec![5, i as i32], e.name(), &mut out);
    }
    for (i, s) in file.service.iter().enumerate() {
        out.push((vec![6, i as i32], format!("service {}", s.name())));
        for (k, m) in s.method.iter().enumerate() {
            out.push((vec![6, i as i32, 2, k as i32], format!("rpc {}", m.name())));
        }
    }
    out
}

fn message(m: &DescriptorProto, path: Vec<i32>, name: &str, out: &mut Vec<(Vec<i32>, String)>) {
    out.push((path.clone(), format!("message {name}")));
    let at = |kind: i32, k: usize| [path.clone(), vec![kind, k as i32]].concat();
    for (k, f) in m.field.iter().enumerate() {
        out.push((at(2, k), format!("field {name}.{}", f.name())));
    }
    for (k, o) in m.oneof_decl.iter().enumerate() {
        // The oneof of a proto3 `optional` field is the compiler's, not written.
        let synthetic = m
            .field
            .iter()
            .any(|f| f.oneof_index == Some(k as i32) && f.proto3_optional());
        if !synthetic {
            out.push((at(8, k), format!("oneof {name}.{}", o.name())));
        }
    }
    for (k, n) in m.nested_type.iter().enumerate() {
        // Map entries are generated, not written.
        if !n.options.as_ref().is_some_and(|o| o.map_entry()) {
            message(n, at(3, k), &format!("{name}.{}", n.name()), out);
        }
    }
    for (k, e) in m.enum_type.iter().enumerate() {
        enumeration(e, at(4, k), &format!("{name}.{}", e.name()), out);
    }
}

fn enumeration(
    e: &EnumDescriptorProto,
    path: Vec<i32>,
    name: &str,
    out: &mut Vec<(Vec<i32>, String)>,
) {
    out.push((path.clone(), format!("enum {name}")));
    for (k, v) in e.value.iter().enumerate() {
        let p = [path.clone(), vec![2, k as i32]].concat();
        out.push((p, format!("enum value {}", v.name())));
    }
}

#[test]
fn every_element_has_a_comment() {
    let file = contract();
    let comments: HashMap<Vec<i32>, String> = file
        .source_code_info
        .as_ref()
        .unwrap()
        .location
        .iter()
        .map(|l| (l.path.clone(), l.leading_comments().trim().to_string()))
        .collect();
    let elements = elements(&file);
    let messages = elements
        .iter()
        .filter(|(_, n)| n.starts_with("message "))
        .count();
    assert!(messages >= 56, "{messages} messages");
    let missing: Vec<&str> = elements
        .iter()
        .filter(|(p, _)| comments.get(p).is_none_or(|c| c.is_empty()))
        .map(|(_, n)| n.as_str())
        .collect();
    assert!(missing.is_empty(), "without a comment: {missing:#?}");
}

#[test]
fn file_options_for_other_languages() {
    let options = contract().options.expect("file options");
    assert_eq!(options.java_package(), "fr.creche.allocation.v1");
    assert!(options.java_multiple_files());
    assert_eq!(
        options.go_package(),
        "creche-alloc/gen/go/creche/allocation/v1;allocationv1"
    );
    assert_eq!(options.csharp_namespace(), "Creche.Allocation.V1");
    assert_eq!(options.php_namespace(), "Creche\\Allocation\\V1");
}
