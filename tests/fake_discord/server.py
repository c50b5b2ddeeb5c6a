"""A stand-in for Discord (API v10) on 127.0.0.1: REST and gateway, enforcing Discord's rules.

The bot under test runs the unmodified discord.py client against it (DISCORD_API_BASE and
DISCORD_GATEWAY_URL). Every rule the bot breaks is answered as Discord would answer it and recorded
in `violations`, so a test can assert that none happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .limits import check_choices, check_commands, check_message

APP_ID = "1000000000000000001"
BOT_ID = APP_ID
GUILD_ID = "2000000000000000002"  # on shard 1 of 2 ((id >> 22) % shards)
GUILD2_ID = "2000000000004194306"  # on shard 0 of 2: a second server, for sharding
CHANNEL_ID = "3000000000000000003"
OWNER_ID = "4000000000000000004"
MODERATOR_ROLE_ID = "7000000000000000007"
MEMBER_PERMS = str(0x0000000000000400 | 0x0000000000000800 | 0x0000000080000000)  # view, send, use commands
MANAGE_GUILD = 0x20
FIRST_RESPONSE_SECONDS = 3.0
TOKEN_LIFETIME_SECONDS = 15 * 60

# What Discord says with each status (JSON error body: message and code).
_FAULTS = {403: ("Missing Access", 50001), 400: ("Invalid Form Body", 50035), 404: ("Unknown Guild", 10004)}
DISCORD_EPOCH_MS = 1420070400000
_last_id = 0


def snowflake() -> str:
    """A Discord snowflake: milliseconds since the Discord epoch in the high bits, as Discord makes
    them, so `created_at` of an interaction is when the fake dispatched it (load shedding reads it)."""
    global _last_id
    _last_id = max(_last_id + 1, (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22)
    return str(_last_id)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def user(uid: str, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": uid,
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


BOT_USER = user(BOT_ID, "soundtrack-bot", bot=True)


def text_channel(guild_id: str = GUILD_ID) -> dict[str, Any]:
    """The guild's one text channel, as GUILD_CREATE and every interaction carry it."""
    return {
        "id": CHANNEL_ID if guild_id == GUILD_ID else str(int(guild_id) + 1),
        "type": 0,
        "name": "general",
        "guild_id": guild_id,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
    }


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly application/json.
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


def error(status: int, code: int, message: str, errors: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": e} for e in errors]}
    return json_response(body, status)


@dataclass
class Interaction:
    id: str
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete
    name: str
    user_id: str
    payload: dict[str, Any]
    dispatched_at: float
    responded: asyncio.Event = field(default_factory=asyncio.Event)
    response_type: int | None = None
    response: dict[str, Any] | None = None
    responded_at: float | None = None
    message: dict[str, Any] | None = None  # the original response message, as edited
    followups: list[dict[str, Any]] = field(default_factory=list)
    updated: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def latency(self) -> float | None:
        return None if self.responded_at is None else self.responded_at - self.dispatched_at

    async def wait(self, timeout: float = 5.0) -> Interaction:
        await asyncio.wait_for(self.responded.wait(), timeout)
        return self

    async def wait_update(self, timeout: float = 5.0) -> Interaction:
        """Wait for the next followup or edit of the original message."""
        await asyncio.wait_for(self.updated.wait(), timeout)
        self.updated.clear()
        return self

    def final_message(self) -> dict[str, Any] | None:
        """What the user finally sees: the last followup, else the original message."""
        return self.followups[-1] if self.followups else self.message


@dataclass(frozen=True)
class Upload:
    """A file a user attaches to an attachment option (Discord uploads it to its CDN first)."""

    filename: str
    data: bytes
    content_type: str = "text/plain; charset=utf-8"


@dataclass
class Conn:
    """One gateway session: a shard (0 of 1 when the client does not shard)."""

    ws: web.WebSocketResponse
    shard: int = 0
    shards: int = 1
    session: str = ""
    seq: int = 0
    sent: list[tuple[int, str]] = field(default_factory=list)


def shard_of(guild_id: str, shards: int) -> int:
    return (int(guild_id) >> 22) % shards


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    times: int
    retry_after: float


class FakeDiscord:
    def __init__(self, heartbeat_interval_ms: int = 41250) -> None:
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.violations: list[str] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.interactions: dict[str, Interaction] = {}
        self.requests: list[tuple[str, str, int]] = []
        self.faults: list[Fault] = []
        self.faults_served = 0
        self.identifies = 0
        self.resumes = 0
        self.heartbeats = 0
        self.ack_heartbeats = True
        self.connections = 0
        self.valid_token: str | None = None  # when set, any other token is refused (401 / 4004)
        self.ready = asyncio.Event()
        self.synced = asyncio.Event()
        self.resumed = asyncio.Event()
        self._conns: dict[int, Conn] = {}  # shard id → its session
        self.guilds: list[str] = [GUILD_ID]  # servers the bot is in; add GUILD2_ID to test shards
        self.identified_shards: list[list[int] | None] = []  # the `shard` of each IDENTIFY
        self.recommended_shards = 1  # what GET /gateway/bot recommends
        self.uploads: dict[str, Upload] = {}  # attachment id → file, served under /cdn
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(middlewares=[self._faults_middleware])
        app.router.add_get("/gw", self._gateway)
        app.router.add_get("/cdn/attachments/{aid}/{filename}", self._cdn)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    @property
    def sessions(self) -> dict[int, str]:
        """Open gateway sessions: shard id → session id."""
        return {shard: c.session for shard, c in self._conns.items() if not c.ws.closed}

    @property
    def _ws(self) -> web.WebSocketResponse | None:
        """The default session's socket (shard 0, or the only one)."""
        conn = self._default()
        return conn.ws if conn else None

    def _default(self) -> Conn | None:
        return self._conns.get(0) or next(iter(self._conns.values()), None)

    def _conn_for(self, guild_id: str | None) -> Conn | None:
        if guild_id is not None:
            for conn in self._conns.values():
                if shard_of(guild_id, conn.shards) == conn.shard:
                    return conn
        return self._default()

    async def stop(self) -> None:
        for conn in list(self._conns.values()):
            if not conn.ws.closed:
                await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def http_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gw"

    # ---- faults ----------------------------------------------------------------------------
    def inject(self, method: str, path: str, status: int = 429, times: int = 1, retry_after: float = 0.3) -> None:
        """Answer the next `times` requests matching method and path regex with `status`."""
        self.faults.append(Fault(method.upper(), re.compile(path), status, times, retry_after))

    @web.middleware
    async def _faults_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.path.search(request.path):
                fault.times -= 1
                self.faults_served += 1
                if fault.status == 429:
                    body = {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False}
                    headers = {
                        "Retry-After": str(fault.retry_after),
                        "X-RateLimit-Limit": "5",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset-After": str(fault.retry_after),
                        "X-RateLimit-Bucket": "fake",
                        "X-RateLimit-Scope": "user",
                        "Via": "1.1 google",
                    }
                    return json_response(body, 429, headers)
                message, code = _FAULTS.get(fault.status, ("Internal Server Error", 0))
                return json_response({"message": message, "code": code}, fault.status)
        return await handler(request)

    # ---- gateway ---------------------------------------------------------------------------
    async def _send(
        self,
        op: int,
        d: Any = None,
        t: str | None = None,
        ws: web.WebSocketResponse | None = None,
        conn: Conn | None = None,
    ) -> None:
        """Send a frame on `ws` (default: the session's connection); events get the session's next
        sequence number."""
        conn = conn or (None if ws is not None else self._default())
        ws = ws or (conn.ws if conn else None)
        s = None
        if op == 0 and conn is not None:
            conn.seq += 1
            s = conn.seq
        frame = json.dumps({"op": op, "d": d, "s": s, "t": t})
        if op == 0 and conn is not None:
            # Like Discord, keep the session's events so a RESUME replays what the client missed.
            conn.sent.append((conn.seq, frame))
        if ws is None or ws.closed:
            if op == 0:
                return  # delivered on RESUME
            raise ConnectionError("no gateway connection")
        try:
            await ws.send_str(frame)
        except ConnectionError:
            if op != 0:
                raise

    async def dispatch(self, event: str, data: dict[str, Any], conn: Conn | None = None) -> None:
        """An event on the session of the shard that owns its guild (as Discord routes them)."""
        await self._send(0, data, event, conn=conn or self._conn_for(data.get("guild_id")))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.connections += 1
        await self._send(10, {"heartbeat_interval": self.heartbeat_interval_ms}, ws=ws)
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1:
                self.heartbeats += 1
                if self.ack_heartbeats and not ws.closed:
                    with contextlib.suppress(ConnectionError):
                        await self._send(11, ws=ws)
            elif op == 2:
                await self._identify(frame["d"], ws)
            elif op == 6:
                await self._resume(frame["d"], ws)
        return ws

    async def _identify(self, d: dict[str, Any], ws: web.WebSocketResponse) -> None:
        if not d.get("token"):
            await ws.close(code=4004)
            return
        shard = d.get("shard")
        self.identified_shards.append(shard)
        shard_id, shards = (int(shard[0]), int(shard[1])) if shard else (0, 1)
        if not 0 <= shard_id < shards:
            await ws.close(code=4010)  # Invalid shard
            return
        old = self._conns.get(shard_id)
        if old is not None and old.ws is not ws and not old.ws.closed:
            await old.ws.close(code=4000)  # one session per shard: the new one replaces it
        self.identifies += 1
        conn = Conn(ws, shard_id, shards, session=f"session-{self.identifies}")
        self._conns[shard_id] = conn
        mine = [g for g in self.guilds if shard_of(g, shards) == shard_id]
        ready = {
            "v": 10,
            "user": BOT_USER,
            "session_id": conn.session,
            "resume_gateway_url": self.ws_url,
            "guilds": [{"id": g, "unavailable": True} for g in mine],
            "application": {"id": APP_ID, "flags": 0},
        }
        if shard:
            ready["shard"] = [shard_id, shards]
        await self.dispatch("READY", ready, conn=conn)
        for guild in mine:
            await self.dispatch("GUILD_CREATE", self._guild(guild), conn=conn)
        self.ready.set()

    async def _resume(self, d: dict[str, Any], ws: web.WebSocketResponse) -> None:
        conn = next((c for c in self._conns.values() if c.session == d.get("session_id")), None)
        if conn is None:
            await self._send(9, False, ws=ws)  # INVALID_SESSION, not resumable
            return
        if conn.ws is not ws and not conn.ws.closed:
            await conn.ws.close(code=4000)
        conn.ws = ws
        self.resumes += 1
        missed = [frame for seq, frame in conn.sent if seq > int(d.get("seq") or 0)]
        for frame in missed:
            await ws.send_str(frame)
        await self.dispatch("RESUMED", {}, conn=conn)
        self.resumed.set()

    async def drop_connection(self, code: int = 1006) -> None:
        """Close the gateway socket (codes 1000/1001/4000 make the client resume)."""
        if self._ws is not None:
            self.resumed.clear()
            await self._ws.close(code=code)

    async def invalidate_session(self, resumable: bool = False) -> None:
        self.ready.clear()
        await self._send(9, resumable)

    @staticmethod
    def _guild(guild_id: str = GUILD_ID) -> dict[str, Any]:
        everyone = {
            "id": guild_id,
            "name": "@everyone",
            "permissions": MEMBER_PERMS,
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        moderators = {
            **everyone,
            "id": MODERATOR_ROLE_ID,
            "name": "Moderators",
            "position": 1,
            "permissions": MEMBER_PERMS,
        }
        return {
            "id": guild_id,
            "name": "K-drama fans" if guild_id == GUILD_ID else "Second server",
            "owner_id": OWNER_ID,
            "icon": None,
            "roles": [everyone, moderators],
            "channels": [text_channel(guild_id)],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 3,
            "large": False,
            "unavailable": False,
            "joined_at": now_iso(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # ---- interactions (what a user does in the client) --------------------------------------
    def command(self, name: str, guild: str = GUILD_ID) -> dict[str, Any]:
        for scope in (guild, "global"):
            for c in self.commands.get(scope, []):
                if c["name"] == name:
                    return c
        raise KeyError(f"/{name} was never registered")

    def _options(
        self,
        command: dict[str, Any],
        values: dict[str, Any],
        focused: str | None = None,
        resolved: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        types = {o["name"]: o["type"] for o in command.get("options", [])}
        out = []
        for key, value in values.items():
            if isinstance(value, Upload):  # an attachment option: its id, the file in `resolved`
                aid = snowflake()
                self.uploads[aid] = value
                if resolved is not None:
                    resolved.setdefault("attachments", {})[aid] = {
                        "id": aid,
                        "filename": value.filename,
                        "size": len(value.data),
                        "url": f"{self.cdn_base}/attachments/{aid}/{value.filename}",
                        "proxy_url": f"{self.cdn_base}/attachments/{aid}/{value.filename}",
                        "content_type": value.content_type,
                    }
                value = aid
            option = {"type": types.get(key, 3), "name": key, "value": value}
            if key == focused:
                option["focused"] = True
            out.append(option)
        return out

    @property
    def cdn_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/cdn"

    async def _cdn(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["aid"])
        if upload is None:
            return web.Response(status=404)
        return web.Response(body=upload.data, content_type=upload.content_type.split(";")[0])

    def _payload(
        self,
        kind: int,
        data: dict[str, Any],
        user_id: str,
        permissions: int | None,
        roles: tuple[str, ...],
        guild: str = GUILD_ID,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        perms = str(permissions if permissions is not None else int(MEMBER_PERMS))
        member = {
            "user": user(user_id, f"fan{user_id[-4:]}"),
            "roles": list(roles),
            "joined_at": now_iso(),
            "flags": 0,
            "pending": False,
            "deaf": False,
            "mute": False,
            "nick": None,
            "permissions": perms,
        }
        return {
            "id": snowflake(),
            "application_id": APP_ID,
            "type": kind,
            "token": f"tok-{snowflake()}",
            "version": 1,
            "guild_id": guild,
            "channel_id": text_channel(guild)["id"],
            "channel": text_channel(guild),
            "member": member,
            "app_permissions": MEMBER_PERMS,
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild},
            "context": 0,
            "attachment_size_limit": 10485760,
            "data": data,
        }

    async def _start(
        self,
        kind: int,
        name: str,
        data: dict[str, Any],
        user_id: str,
        permissions: int | None,
        roles: tuple[str, ...],
        message: dict[str, Any] | None = None,
        guild: str = GUILD_ID,
        locale: str = "en-US",
    ) -> Interaction:
        payload = self._payload(kind, data, user_id, permissions, roles, guild, locale)
        if message is not None:
            payload["message"] = message
        record = Interaction(payload["id"], payload["token"], kind, name, user_id, payload, time.monotonic())
        self.interactions[record.id] = record
        await self.dispatch("INTERACTION_CREATE", payload)
        return record

    async def slash(
        self,
        name: str,
        /,
        user_id: str | None = None,
        permissions: int | None = None,
        roles: tuple[str, ...] = (),
        in_guild: str = GUILD_ID,
        locale: str = "en-US",
        subcommand: str | None = None,
        **options: Any,
    ) -> Interaction:
        """A user runs /name [subcommand] in a server (`in_guild`); each call is a different user
        unless `user_id` is given. An `Upload` value fills an attachment option."""
        user_id = user_id or snowflake()
        command = self.command(name, in_guild)
        resolved: dict[str, Any] = {}
        if subcommand is None:
            given = self._options(command, options, resolved=resolved)
        else:
            schema = next(o for o in command.get("options", []) if o["name"] == subcommand)
            given = [{"type": 1, "name": subcommand, "options": self._options(schema, options, resolved=resolved)}]
        data = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "guild_id": command.get("guild_id"),
            "options": given,
        }
        if resolved:
            data["resolved"] = resolved
        return await self._start(2, name, data, user_id, permissions, roles, guild=in_guild, locale=locale)

    async def autocomplete(self, name: str, /, focused: str, user_id: str | None = None, **options: Any) -> Interaction:
        user_id = user_id or snowflake()
        command = self.command(name)
        data = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "guild_id": command.get("guild_id"),
            "options": self._options(command, options, focused),
        }
        return await self._start(4, name, data, user_id, None, ())

    async def click(self, origin: Interaction, label: str, user_id: str | None = None) -> Interaction:
        message = origin.message
        assert message is not None, "the original response has no message"
        button = next(
            c
            for row in message.get("components", [])
            for c in row["components"]
            if c.get("label") == label or (c.get("emoji") or {}).get("name") == label
        )
        data = {"custom_id": button["custom_id"], "component_type": 2}
        guild = origin.payload.get("guild_id", GUILD_ID)
        return await self._start(3, f"button:{label}", data, user_id or origin.user_id, None, (), message, guild)

    # ---- REST ------------------------------------------------------------------------------
    def _violation(self, text: str) -> None:
        self.violations.append(text)

    def _message(self, data: dict[str, Any], flags: int = 0, mid: str | None = None) -> dict[str, Any]:
        return {
            "id": mid or snowflake(),
            "channel_id": CHANNEL_ID,
            "type": 20,
            "content": data.get("content") or "",
            "author": BOT_USER,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": data.get("embeds") or [],
            "pinned": False,
            "flags": data.get("flags", flags) or 0,
            "components": data.get("components") or [],
            "application_id": APP_ID,
            "allowed_mentions": data.get("allowed_mentions"),
        }

    async def _body(self, request: web.Request) -> dict[str, Any]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            return json.loads(form.get("payload_json", "{}"))  # type: ignore[arg-type]
        if not request.can_read_body:
            return {}
        return await request.json()

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        response = await self._route(request, path)
        self.requests.append((request.method, path, response.status))
        return response

    async def _route(self, request: web.Request, path: str) -> web.StreamResponse:
        method = request.method
        if method == "GET" and path == "/users/@me":
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bot ") or (self.valid_token and auth != f"Bot {self.valid_token}"):
                return error(401, 0, "401: Unauthorized")
            return json_response(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return json_response(
                {
                    "id": APP_ID,
                    "name": "soundtrack-bot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "verify_key": "0" * 64,
                    "owner": user(OWNER_ID, "owner"),
                    "flags": 0,
                }
            )
        if method == "GET" and path in ("/gateway/bot", "/gateway"):
            return json_response(
                {
                    "url": self.ws_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
                }
            )
        m = re.fullmatch(r"/applications/(\d+)(?:/guilds/(\d+))?/commands", path)
        if m and method == "PUT":
            return await self._put_commands(request, m.group(2))
        if m and method == "GET":
            return json_response(self.commands.get(m.group(2) or "global", []))
        m = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if m and method == "POST":
            return await self._callback(request, m.group(1), m.group(2))
        m = re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/(@original|\d+))?", path)
        if m:
            return await self._webhook(request, m.group(2), m.group(4))
        self._violation(f"unexpected request {method} {path}")
        return error(404, 0, "404: Not Found")

    async def _put_commands(self, request: web.Request, guild: str | None) -> web.Response:
        body = await self._body(request)
        problems = check_commands(body)
        if problems:
            self._violation(f"command registration: {problems}")
            return error(400, 50035, "Invalid Form Body", problems)
        stored = []
        for c in body:
            item = {**c, "id": snowflake(), "application_id": APP_ID, "version": snowflake(), "type": c.get("type", 1)}
            if guild:
                item["guild_id"] = guild
            stored.append(item)
        self.commands[guild or "global"] = stored
        self.synced.set()
        return json_response(stored)

    def _find(self, token: str) -> Interaction | None:
        return next((i for i in self.interactions.values() if i.token == token), None)

    async def _callback(self, request: web.Request, iid: str, token: str) -> web.Response:
        record = self.interactions.get(iid)
        body = await self._body(request)
        if record is None or record.token != token:
            self._violation(f"callback for unknown interaction {iid}")
            return error(404, 10062, "Unknown interaction")
        elapsed = time.monotonic() - record.dispatched_at
        if elapsed > FIRST_RESPONSE_SECONDS:
            self._violation(f"/{record.name}: first response after {elapsed:.2f} s")
            return error(404, 10062, "Unknown interaction")
        if record.response_type is not None:
            self._violation(f"/{record.name}: second response (type {body.get('type')})")
            return error(400, 40060, "Interaction has already been acknowledged.")
        kind, data = body.get("type"), body.get("data") or {}
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}}[record.type]
        if kind not in allowed:
            self._violation(f"/{record.name}: callback type {kind} not allowed for interaction type {record.type}")
            return error(400, 50035, "Invalid Form Body")
        problems = (
            check_choices(data.get("choices") or [])
            if kind == 8
            else (check_message(data, edit=kind == 7) if kind in (4, 7) else [])
        )
        if problems:
            self._violation(f"/{record.name}: {problems}")
            return error(400, 50035, "Invalid Form Body", problems)
        record.response_type, record.response, record.responded_at = kind, body, time.monotonic()
        flags = int(data.get("flags") or 0)
        message_id = None
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 5):
            record.message = self._message(data if kind == 4 else {"content": ""}, flags)
            message_id = record.message["id"]
            if kind == 4:
                resource["message"] = record.message
        elif kind == 7:
            origin = record.payload["message"]
            origin.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            record.message = origin
            message_id = origin["id"]
            resource["message"] = origin
            self._original_of(origin["id"], origin)
        record.responded.set()
        interaction = {
            "id": iid,
            "type": record.type,
            "response_message_id": message_id,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64),
        }
        return json_response({"interaction": interaction, "resource": resource})

    def _original_of(self, message_id: str, message: dict[str, Any]) -> None:
        """An UPDATE_MESSAGE edits the command's original message too: keep them in step."""
        for other in self.interactions.values():
            if other.message is not None and other.message.get("id") == message_id and other.type == 2:
                other.message = message
                other.updated.set()

    async def _webhook(self, request: web.Request, token: str, which: str | None) -> web.StreamResponse:
        record = self._find(token)
        if record is None:
            self._violation(f"webhook call with unknown token {request.method} {request.path}")
            return error(404, 10015, "Unknown Webhook")
        if record.response_type is None:
            self._violation(f"/{record.name}: followup before the interaction was acknowledged")
            return error(404, 10015, "Unknown Webhook")
        if time.monotonic() - record.dispatched_at > TOKEN_LIFETIME_SECONDS:
            self._violation(f"/{record.name}: interaction token used after 15 minutes")
            return error(401, 50027, "Invalid Webhook Token")
        if which is None and request.method == "POST":
            body = await self._body(request)
            problems = check_message(body)
            if problems:
                self._violation(f"/{record.name} followup: {problems}")
                return error(400, 50035, "Invalid Form Body", problems)
            message = self._message(body)
            record.followups.append(message)
            record.updated.set()
            return (
                json_response(message)
                if request.query.get("wait") in ("1", "true", "True")
                else web.Response(status=204)
            )
        if record.message is None:
            return error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return json_response(record.message)
        if request.method == "PATCH":
            body = await self._body(request)
            problems = check_message(body, edit=True)
            if problems:
                self._violation(f"/{record.name} edit: {problems}")
                return error(400, 50035, "Invalid Form Body", problems)
            record.message.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            record.message["edited_timestamp"] = now_iso()
            record.updated.set()
            return json_response(record.message)
        if request.method == "DELETE":
            record.message = None
            return web.Response(status=204)
        return error(405, 0, "405: Method Not Allowed")
