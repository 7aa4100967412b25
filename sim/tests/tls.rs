//! `--tls`: the simulated phone over HTTPS with a certificate of its own. A client that accepts
//! that certificate (here: pins it, as a browser remembers an accepted one) is served as over
//! plain HTTP; one that does not gets no answer and the phone sees no request; plain HTTP to
//! the HTTPS port gets nothing either.

use htek_sim::{Call, Config, Sim};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

/// Accepts exactly one certificate: the one the user accepted.
#[derive(Debug)]
struct Pinned {
    certificate: Vec<u8>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.certificate.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "not the accepted certificate".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Sends `request` over TLS, trusting `certificate`; the answer, or the TLS error.
fn https(sim: &Sim, certificate: &[u8], request: &str) -> Result<String, std::io::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned {
            certificate: certificate.to_vec(),
            provider,
        }))
        .with_no_client_auth();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, TcpStream::connect(sim.addr())?);
    tls.write_all(request.as_bytes())?;
    let mut answer = String::new();
    tls.read_to_string(&mut answer)?;
    Ok(answer)
}

fn tls_phone() -> Sim {
    let config = Config {
        quiet: true,
        tls: true,
        ..Config::default()
    };
    Sim::start("127.0.0.1:0", config).unwrap()
}

const DIAL: &str = "GET /Phone_ActionURL&Command=1&Number=206&Account=1 HTTP/1.1\r\n\
    Host: phone\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\nConnection: close\r\n\r\n";

#[test]
fn an_accepted_certificate_is_served_like_plain_http() {
    let sim = tls_phone();
    assert!(
        sim.base_url().starts_with("https://127.0.0.1:"),
        "{}",
        sim.base_url()
    );
    let certificate = sim.certificate().expect("a certificate").to_vec();
    let answer = https(&sim, &certificate, DIAL).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(
        sim.state().call,
        Call::Dialing {
            number: "206".into(),
            account: 1,
            account_auto: false
        }
    );
    assert_eq!(sim.commands().len(), 1);
}

#[test]
fn a_certificate_not_accepted_gets_no_answer_and_the_phone_no_request() {
    let sim = tls_phone();
    let other = tls_phone();
    let wrong = other.certificate().unwrap().to_vec();
    assert_ne!(
        sim.certificate().unwrap(),
        wrong.as_slice(),
        "a new one each start"
    );
    assert!(https(&sim, &wrong, DIAL).is_err());
    // Plain HTTP to the HTTPS port: no HTTP answer either.
    let mut plain = TcpStream::connect(sim.addr()).unwrap();
    plain.write_all(DIAL.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    assert!(
        !answer.starts_with(b"HTTP/"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(sim.log().is_empty(), "{:#?}", sim.log());
    assert_eq!(sim.state().call, Call::Idle);
}
