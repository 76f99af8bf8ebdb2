/**
 * TEST-ONLY TLS material for the fake Proxmox API: a self-signed P-256 certificate for
 * 127.0.0.1 and its private key, published on purpose so tests (here and in other packages)
 * can exercise CA and fingerprint verification. Never use it anywhere else.
 *
 * Generated once with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
 *     -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1
 * The same files are in test/proxmox/fixtures/ (a test keeps them equal).
 */

/** The certificate (also usable as the CA to trust, being self-signed). */
export const TEST_ONLY_PROXMOX_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBjjCCATSgAwIBAgIUTkF57Ly8+eWhU9WMhjs+uVHJQTEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMB4XDTI2MTEyMjA0MzcwMVoXDTM2MTExOTA0
MzcwMVowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAE+lwQci+9reX+MXRhGDA17fhBD3YSUb1u7HbkgnnV4i0GU9aSyx5alqEh
F91zw2qhwRxRQskS2UdBilIxhvSOQqNkMGIwHQYDVR0OBBYEFM421MsBlFVsXQos
JCZyuJ/uQjltMB8GA1UdIwQYMBaAFM421MsBlFVsXQosJCZyuJ/uQjltMA8GA1Ud
EwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNIADBFAiEA
y5bKaaZE1H5tDkfGqLAeh5QLhLUTvnsi/neMo5KSF8YCICVQUSRyOcqk0efnSuPQ
IVM0SOaVDIr6RmMw33elMHw8
-----END CERTIFICATE-----
`;

/** Its private key. Test-only: it is public. */
export const TEST_ONLY_PROXMOX_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgs3dkLRWD7oRUk4dP
6JdGFGRM1cuiXcnOIOeP82t3u96hRANCAAT6XBByL72t5f4xdGEYMDXt+EEPdhJR
vW7sduSCedXiLQZT1pLLHlqWoSEX3XPDaqHBHFFCyRLZR0GKUjGG9I5C
-----END PRIVATE KEY-----
`;

/** SHA-256 fingerprint of the certificate, as `pvenode cert info` and Node print it. */
export const TEST_ONLY_PROXMOX_CERT_FINGERPRINT =
  'DE:79:F9:8A:FB:8A:46:F7:4F:94:33:28:7F:44:92:74:41:12:8E:DD:10:5F:1E:0F:66:B4:92:73:13:21:FF:2E';
