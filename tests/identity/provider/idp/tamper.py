import json

from django.conf import settings
from jwcrypto import jwk, jwt


class TamperMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        mode_file = settings.STATE / "tamper.txt"
        if request.path != "/o/token/" or response.status_code != 200 or not mode_file.exists():
            return response
        mode = mode_file.read_text().strip()
        body = json.loads(response.content)
        header = body["id_token"].split(".")[0]
        if mode == "signature":
            other = jwk.JWK.generate(kty="RSA", size=2048)
            forged = jwt.JWT(header=jwt_header(header), claims=claims_of(body["id_token"]))
            forged.make_signed_token(other)
            body["id_token"] = forged.serialize()
        else:
            claims = claims_of(body["id_token"])
            if mode == "audience":
                # azp still names the client, so only the audience is wrong.
                claims["azp"] = claims["aud"]
                claims["aud"] = "someone-else"
            elif mode == "nonce":
                claims["nonce"] = "forged-nonce"
            key = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
            forged = jwt.JWT(header=jwt_header(header), claims=claims)
            forged.make_signed_token(key)
            body["id_token"] = forged.serialize()
        response.content = json.dumps(body).encode()
        response["Content-Length"] = str(len(response.content))
        return response


def _b64(part: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def jwt_header(part: str) -> dict:
    return json.loads(_b64(part))


def claims_of(token: str) -> dict:
    return json.loads(_b64(token.split(".")[1]))
