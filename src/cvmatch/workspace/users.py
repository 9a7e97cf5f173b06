"""API users and their tokens; only the sha256 of a token is stored."""

import hashlib
import secrets

from cvmatch.errors import AuthenticationError, InvalidInputError
from cvmatch.store.people import insert_token, insert_user, user_by_token_hash, user_id_by_name
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import User

_MAX_NAME = 200


def token_hash(token: str) -> str:
    """The stored form of a token (tokens are 256 random bits, so a plain hash is enough)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(ctx: Context, name: str) -> str:
    """Create ``name`` (or give an existing user a new token); return the token, shown once."""
    name = name.strip()
    if not name or len(name) > _MAX_NAME:
        raise InvalidInputError(f"a user name needs 1-{_MAX_NAME} characters")
    token = secrets.token_urlsafe(32)
    with ctx.db.begin() as conn:
        existing = user_id_by_name(conn, name)
        if existing is None:
            user_id = insert_user(conn, name, token_hash(token))
        else:
            user_id = existing
            insert_token(conn, user_id, token_hash(token))
        audit(conn, User(user_id, name), "token_created", detail={"user": name})
    return token


def authenticate(ctx: Context, token: str | None) -> User:
    """The user holding ``token``; :class:`AuthenticationError` when missing or unknown."""
    if not token:
        raise AuthenticationError("missing API token: send 'Authorization: Bearer <token>'")
    with ctx.db.connect() as conn:
        row = user_by_token_hash(conn, token_hash(token))
    if row is None:
        raise AuthenticationError("unknown API token: create one with 'cvmatch users add NAME'")
    return User(int(row.id), str(row.name))
