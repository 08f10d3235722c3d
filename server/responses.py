"""What the API answers, as pydantic models: the OpenAPI document's response schemas.

The views build their answers as dicts; these models describe them (tests/test_openapi.py and
the schemathesis run in tests/test_fuzz_api.py check real answers against them). Fields a
client relies on are declared; `extra="allow"` leaves room for fields added later, so adding
one to an answer never breaks the document. Names are camelCase, as on the wire.
"""

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- errors -----------------------------------------------------------------------------


class ErrorBody(Answer):
    code: str
    message: str
    details: Any = None


class Error(Answer):
    """Every 4xx and 5xx: {"error": {code, message, details}}."""

    error: ErrorBody


class Ok(Answer):
    ok: bool


# --- people -----------------------------------------------------------------------------


class PersonRef(Answer):
    id: str
    name: str


class User(Answer):
    id: str
    name: str
    isAdmin: bool
    managerId: Optional[str]
    areaId: Optional[str]
    active: bool


class UserAnswer(Answer):
    user: User


class PersonListed(User):
    hasPasskey: bool


class People(Answer):
    people: list[PersonListed]


class PersonAnswer(Answer):
    person: User


class NewPersonAnswer(Answer):
    person: PersonListed
    inviteUrl: str


class InviteLink(Answer):
    inviteUrl: Optional[str] = None
    kind: Optional[str] = None
    requested: Optional[bool] = None  # a recovery link waits for a second person's approval
    request: Optional[dict] = None


class InviteInfo(Answer):
    name: str
    kind: str


class Area(Answer):
    id: str
    name: str
    kind: str
    parentId: Optional[str]


class Areas(Answer):
    areas: list[Area]


class AreaAnswer(Answer):
    area: Area


class Me(Answer):
    """The signed-in person and who they work with; what the app shows on its first screen."""

    user: User
    manager: Optional[PersonRef] = None
    reports: list[PersonRef] = Field(default_factory=list)
    people: list[dict] = Field(default_factory=list)
    mentees: list[dict] = Field(default_factory=list)
    areas: list[dict] = Field(default_factory=list)
    settings: dict = Field(default_factory=dict)


class Session(Answer):
    signedIn: bool
    me: Optional[Me] = None


class Helper(Answer):
    id: str
    name: str
    topic: Optional[str] = None


class Helpers(Answer):
    helpers: list[Helper]


class PersonFound(Answer):
    """A colleague found by name for a workshop (§103): who they are and where, nothing else."""

    id: str
    name: str
    area: Optional[str] = None


class PeopleFound(Answer):
    people: list[PersonFound]


class RecoveryRequests(Answer):
    requests: list[dict]


class AuditPage(Answer):
    events: list[dict]
    cursor: Optional[Any] = None


# --- passkeys ---------------------------------------------------------------------------


class Credential(Answer):
    id: int
    nickname: str
    createdAt: str
    lastUsedAt: Optional[str]


class ListedCredential(Credential):
    """One's own passkey as listed: with what a shared device needs to check it offline
    (decisions §109). publicKey is SPKI (DER, base64url); null (and alg null) for a kind of
    key the device does not check (not EdDSA/Ed25519, ES256 or RS256)."""

    thisDevice: bool
    credentialId: str
    publicKey: Optional[str]
    alg: Optional[Literal[-8, -7, -257]]


class Credentials(Answer):
    credentials: list[ListedCredential]


class CredentialAnswer(Answer):
    credential: Credential


class PasskeyOptions(Answer):
    """WebAuthn options (PublicKeyCredentialCreationOptionsJSON or ...RequestOptionsJSON)."""

    challenge: str
    timeout: Optional[int] = None


# --- sync -------------------------------------------------------------------------------


class PushResult(Answer):
    id: int
    status: Literal["applied", "merged", "conflict", "duplicate", "rejected"]
    error: Optional[ErrorBody] = None


class PushAnswer(Answer):
    lastMutationId: int
    results: list[PushResult]


class Change(Answer):
    type: str
    id: str
    version: int
    deleted: bool
    data: Optional[dict]


class PullPage(Answer):
    changes: list[Change]
    cursor: str
    more: bool
    lastMutationId: int
    resetRequired: Optional[bool] = Field(
        default=None,
        description="true: drop the server copies and pull again from an empty "
        "cursor, keeping the outbox (a purged tombstone, a move, a restored server)",
    )
    reset_required: Optional[bool] = Field(
        default=None,
        deprecated=True,
        description="resetRequired under its old name, sent "
        "alongside it for one release for installed apps (docs/decisions.md §66)",
    )


class Revision(Answer):
    version: int
    op: Literal["create", "update", "delete"]
    authorId: Optional[str]
    authorName: Optional[str]
    baseVersion: Optional[int]
    changes: Optional[dict]
    conflicts: Optional[dict]
    deviceAt: Optional[str]
    at: Optional[str]


class History(Answer):
    revisions: list[Revision]


class Attachment(Answer):
    sha256: str
    size: int
    contentType: str


class Health(Answer):
    status: str
