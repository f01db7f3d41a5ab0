//! The protobuf codec of the generated service and client (`build.rs` names
//! it): prost's, except that a message that does not decode is
//! `INVALID_ARGUMENT`, with a `google.rpc.BadRequest` field violation on the
//! field prost names, instead of tonic's `INTERNAL`. prost names a field of
//! a oneof by the oneof: a bad `instance_json` of a SolveRequest is `input`,
//! a bad `instance.commission.id` is `input.commission.id`.
//!
//! A request body that is not a valid message of its type (truncated,
//! garbled, wrong wire type) or a `string` field that is not UTF-8 (an
//! `instance_json` in another encoding) is the caller's mistake, and the
//! service's error model says so: `INVALID_ARGUMENT`, as `docs/grpc.md`
//! states. (The gRPC library's own table of codes it generates lists
//! `INTERNAL` for "error parsing request proto"; the error model of this
//! service puts every bad input under one code.) The generated client
//! shares the codec, so a response that does not decode is
//! `INVALID_ARGUMENT` to it as well.

use std::marker::PhantomData;

use prost::Message;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

/// prost encoding, decoding errors as `INVALID_ARGUMENT`.
#[derive(Debug, Clone)]
pub struct ProtoCodec<T, U>(PhantomData<(T, U)>);

impl<T, U> Default for ProtoCodec<T, U> {
    fn default() -> Self {
        ProtoCodec(PhantomData)
    }
}

impl<T, U> Codec for ProtoCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = tonic_prost::ProstEncoder<T>;
    type Decoder = ProtoDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        tonic_prost::ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProtoDecoder(PhantomData)
    }
}

/// Decodes `U`; see the module doc.
#[derive(Debug)]
pub struct ProtoDecoder<U>(PhantomData<U>);

impl<U: Message + Default> Decoder for ProtoDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        U::decode(buf).map(Some).map_err(|e| undecodable(&e))
    }
}

/// The status of a message that does not decode.
pub fn undecodable(e: &prost::DecodeError) -> Status {
    let (field, problem) = split_decode_error(&e.to_string());
    let message = format!("invalid input: the message does not decode: {problem}");
    let details = ErrorDetails::with_bad_request(vec![FieldViolation::new(field, problem)]);
    Status::with_error_details(Code::InvalidArgument, message, details)
}

/// prost's text, `failed to decode Protobuf message: Inner.field:
/// Outer.field: what`, as the field path from the outermost message
/// (`field.field`; `message` when prost names none) and what is wrong.
fn split_decode_error(text: &str) -> (String, String) {
    let mut rest = text
        .strip_prefix("failed to decode Protobuf message: ")
        .unwrap_or(text);
    let mut fields = Vec::new();
    while let Some((head, tail)) = rest.split_once(": ") {
        let is_location = head.split_once('.').is_some_and(|(m, f)| {
            let ident =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
            ident(m) && ident(f)
        });
        if !is_location {
            break;
        }
        fields.push(head.split_once('.').map_or(head, |(_, f)| f));
        rest = tail;
    }
    fields.reverse();
    let field = if fields.is_empty() {
        "message".to_string()
    } else {
        fields.join(".")
    };
    (field, rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grpc::pb;

    #[test]
    fn non_utf8_json_names_its_field() {
        // Field 2 (instance_json), length-delimited, two bytes that are no UTF-8.
        let e = pb::SolveRequest::decode(&[0x12, 0x02, 0xff, 0xfe][..]).unwrap_err();
        let s = undecodable(&e);
        assert_eq!(s.code(), Code::InvalidArgument);
        let v = &s.get_details_bad_request().unwrap().field_violations[0];
        assert_eq!(v.field, "input");
        assert!(v.description.contains("UTF-8"), "{}", v.description);
    }

    #[test]
    fn nested_fields_from_the_outermost_message() {
        // instance (1) { commission (1) { id (1): 0xff } }
        let bytes = [0x0a, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0xff];
        let e = pb::SolveRequest::decode(&bytes[..]).unwrap_err();
        let (field, problem) = split_decode_error(&e.to_string());
        assert_eq!(field, "input.commission.id");
        assert!(problem.contains("UTF-8"), "{problem}");
    }

    #[test]
    fn garbage_without_a_field() {
        let e = pb::SolveRequest::decode(&[0x0a, 0x05, 0x01][..]).unwrap_err();
        let (field, problem) = split_decode_error(&e.to_string());
        assert!(!problem.is_empty());
        assert_eq!(field, "input");
    }
}
