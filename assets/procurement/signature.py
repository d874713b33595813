"""Verify CycloneDX signatures in JSON Signature Format (JSF) with an embedded public key.

JSF signs the JCS (RFC 8785) canonical form of the whole document in which the signature
object is present *without* its ``value``. Supported: ES256/ES384/ES512 (raw ``r‖s``),
RS256/RS384/RS512 (PKCS#1 v1.5), PS256/PS384/PS512 (PSS) and Ed25519/Ed448, each with the
key as a JWK in ``publicKey``. A ``signers`` array is valid when every signer verifies;
``chain`` (all must verify) is treated alike. Certificates chains are not evaluated: the
result says the document was signed by the holder of the embedded key, not who that is.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from dataclasses import dataclass, field

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa, utils

_HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}


@dataclass
class SignatureCheck:
    """The outcome: ``state`` is ``valid``, ``invalid`` or ``absent``, with why and by which key."""

    state: str
    reason: str
    algorithms: list[str] = field(default_factory=list)
    key_thumbprints: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "state": self.state,
            "reason": self.reason,
            "algorithms": self.algorithms,
            "key_thumbprints": self.key_thumbprints,
        }


def b64url_decode(text: str) -> bytes:
    """Base64url without padding (as JWK and JSF write it)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int(text: str) -> int:
    return int.from_bytes(b64url_decode(text), "big")


def public_key_from_jwk(jwk: dict):
    """A ``cryptography`` public key from an EC, RSA or OKP JWK; ValueError otherwise."""
    kty = jwk.get("kty")
    if kty == "EC":
        curve = _CURVES.get(jwk.get("crv", ""))
        if curve is None:
            raise ValueError(f"unsupported EC curve {jwk.get('crv')!r}")
        return ec.EllipticCurvePublicNumbers(_int(jwk["x"]), _int(jwk["y"]), curve()).public_key()
    if kty == "RSA":
        return rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
    if kty == "OKP":
        raw = b64url_decode(jwk["x"])
        if jwk.get("crv") == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(raw)
        if jwk.get("crv") == "Ed448":
            return ed448.Ed448PublicKey.from_public_bytes(raw)
    raise ValueError(f"unsupported key type {kty!r}")


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint (SHA-256, base64url) of the key's required members."""
    members = {"EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n"), "OKP": ("crv", "kty", "x")}
    needed = members.get(jwk.get("kty"), ())
    data = rfc8785.dumps({k: jwk[k] for k in needed if k in jwk})
    return b64url_encode(hashlib.sha256(data).digest())


def _verify_one(key, algorithm: str, signature: bytes, data: bytes) -> None:
    """Raise InvalidSignature / ValueError unless ``signature`` over ``data`` verifies."""
    family, bits = algorithm[:2], algorithm[2:]
    if algorithm in ("Ed25519", "Ed448", "EdDSA"):
        if not isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            raise ValueError(f"{algorithm} needs an OKP key")
        key.verify(signature, data)
        return
    if bits not in _HASHES:
        raise ValueError(f"unsupported algorithm {algorithm!r}")
    digest = _HASHES[bits]()
    if family == "ES":
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError(f"{algorithm} needs an EC key")
        size = (key.curve.key_size + 7) // 8
        if len(signature) != 2 * size:
            raise InvalidSignature
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        key.verify(utils.encode_dss_signature(r, s), data, ec.ECDSA(digest))
    elif family in ("RS", "PS"):
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError(f"{algorithm} needs an RSA key")
        pad = (
            padding.PKCS1v15()
            if family == "RS"
            else padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size)
        )
        key.verify(signature, data, pad, digest)
    else:
        raise ValueError(f"unsupported algorithm {algorithm!r}")


def _signer_slots(signature: dict) -> tuple[str | None, list[dict]]:
    """``(list key, signer objects)``: one object, or the ``signers``/``chain`` array."""
    for key in ("signers", "chain"):
        if isinstance(signature.get(key), list):
            return key, signature[key]
    return None, [signature]


def jsf_verify(document: dict, *, property_name: str = "signature") -> SignatureCheck:
    """Verify the JSF signature at ``document[property_name]`` (the top-level one)."""
    signature = document.get(property_name)
    if not signature:
        return SignatureCheck("absent", "the document carries no signature")
    if not isinstance(signature, dict):
        return SignatureCheck("invalid", "the signature is not a JSON object")
    list_key, signers = _signer_slots(signature)
    check = SignatureCheck("valid", "")
    for index, signer in enumerate(signers):
        label = f"signer {index + 1}" if list_key else "signature"
        if not isinstance(signer, dict) or not signer.get("value"):
            return SignatureCheck("invalid", f"{label}: no signature value")
        jwk = signer.get("publicKey")
        if not isinstance(jwk, dict):
            return SignatureCheck("invalid", f"{label}: no embedded public key (publicKey JWK)")
        algorithm = str(signer.get("algorithm", ""))
        stripped = copy.deepcopy(document)
        target = stripped[property_name]
        if list_key:
            target = target[list_key][index]
        del target["value"]
        try:
            data = rfc8785.dumps(stripped)
            key = public_key_from_jwk(jwk)
            _verify_one(key, algorithm, b64url_decode(str(signer["value"])), data)
        except InvalidSignature:
            return SignatureCheck(
                "invalid", f"{label}: the signature does not match the document ({algorithm})"
            )
        except (ValueError, KeyError, TypeError, rfc8785.CanonicalizationError) as exc:
            return SignatureCheck("invalid", f"{label}: cannot verify: {exc}")
        check.algorithms.append(algorithm)
        check.key_thumbprints.append(jwk_thumbprint(jwk))
    check.reason = f"valid {', '.join(check.algorithms)} signature by key " + ", ".join(
        check.key_thumbprints
    )
    return check


def jsf_sign(document: dict, private_key, *, algorithm: str, public_jwk: dict) -> dict:
    """A copy of ``document`` with a JSF ``signature`` (for tests and demo data)."""
    signed = copy.deepcopy(document)
    signed["signature"] = {"algorithm": algorithm, "publicKey": public_jwk}
    data = rfc8785.dumps(signed)
    family, bits = algorithm[:2], algorithm[2:]
    if family == "ES":
        der = private_key.sign(data, ec.ECDSA(_HASHES[bits]()))
        r, s = utils.decode_dss_signature(der)
        size = (private_key.curve.key_size + 7) // 8
        raw = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    elif family == "RS":
        raw = private_key.sign(data, padding.PKCS1v15(), _HASHES[bits]())
    else:
        raw = private_key.sign(data)
    signed["signature"]["value"] = b64url_encode(raw)
    return signed


def public_jwk(public_key) -> dict:
    """The JWK of an EC (P-256/384/521), RSA or Ed25519 public key."""
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        numbers = public_key.public_numbers()
        size = (public_key.curve.key_size + 7) // 8
        crv = {v.name: k for k, v in _CURVES.items()}[public_key.curve.name]
        return {
            "kty": "EC",
            "crv": crv,
            "x": b64url_encode(numbers.x.to_bytes(size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(size, "big")),
        }
    if isinstance(public_key, rsa.RSAPublicKey):
        numbers = public_key.public_numbers()
        return {
            "kty": "RSA",
            "n": b64url_encode(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": b64url_encode(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")),
        }
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    raise ValueError("unsupported key")
