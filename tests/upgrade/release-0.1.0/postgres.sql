--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: area; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.area (
    id character varying(36) NOT NULL,
    name character varying(120) NOT NULL,
    kind character varying(10) NOT NULL,
    parent_id character varying(36),
    created_at timestamp without time zone NOT NULL
);


--
-- Name: attachment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachment (
    sha256 character varying(64) NOT NULL,
    size integer NOT NULL,
    content_type character varying(20) NOT NULL,
    uploaded_by_id character varying(36),
    created_at timestamp without time zone NOT NULL
);


--
-- Name: auth_challenge; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_challenge (
    id character varying(43) NOT NULL,
    purpose character varying(10) NOT NULL,
    challenge bytea NOT NULL,
    person_id character varying(36),
    invite_id integer,
    expires_at timestamp without time zone NOT NULL
);


--
-- Name: challenge; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.challenge (
    id character varying(36) NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    flagged boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    author_id character varying(36) NOT NULL,
    learner_id character varying(36) NOT NULL,
    goal_id character varying(36),
    mode character varying(10) NOT NULL,
    title character varying(200) NOT NULL,
    problem text NOT NULL,
    target text NOT NULL,
    actual real,
    due_on date NOT NULL,
    status character varying(12) NOT NULL,
    status_history text NOT NULL,
    accepted_at timestamp without time zone,
    details text NOT NULL,
    reflection text NOT NULL
);


--
-- Name: check_in; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.check_in (
    id character varying(36) NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    flagged boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    author_id character varying(36) NOT NULL,
    learner_id character varying(36) NOT NULL,
    challenge_id character varying(36) NOT NULL,
    at timestamp without time zone NOT NULL,
    engagement smallint NOT NULL,
    approach smallint NOT NULL,
    resilience smallint NOT NULL,
    notes text NOT NULL,
    learned text,
    next_step text,
    next_checkin_on date,
    answer text
);


--
-- Name: credential; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.credential (
    id integer NOT NULL,
    person_id character varying(36) NOT NULL,
    credential_id bytea NOT NULL,
    public_key bytea NOT NULL,
    sign_count bigint NOT NULL,
    transports text NOT NULL,
    nickname character varying(80) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_used_at timestamp without time zone
);


--
-- Name: credential_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.credential_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: credential_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.credential_id_seq OWNED BY public.credential.id;


--
-- Name: invite; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invite (
    id integer NOT NULL,
    person_id character varying(36) NOT NULL,
    token_hash character varying(64) NOT NULL,
    kind character varying(10) NOT NULL,
    created_by_id character varying(36),
    created_at timestamp without time zone NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone
);


--
-- Name: invite_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.invite_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: invite_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.invite_id_seq OWNED BY public.invite.id;


--
-- Name: learning_goal; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.learning_goal (
    id character varying(36) NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    flagged boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    author_id character varying(36) NOT NULL,
    learner_id character varying(36) NOT NULL,
    action text NOT NULL,
    reason text NOT NULL,
    misconception text,
    observation_ids text NOT NULL,
    status character varying(10) NOT NULL
);


--
-- Name: login_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_session (
    id character varying(43) NOT NULL,
    person_id character varying(36) NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: mentor_note; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mentor_note (
    id character varying(36) NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    flagged boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    author_id character varying(36) NOT NULL,
    person_id character varying(36) NOT NULL,
    note text NOT NULL,
    at timestamp without time zone NOT NULL
);


--
-- Name: observation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.observation (
    id character varying(36) NOT NULL,
    version bigint NOT NULL,
    deleted boolean NOT NULL,
    flagged boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    author_id character varying(36) NOT NULL,
    person_id character varying(36),
    area_id character varying(36),
    note text NOT NULL,
    kind character varying(20) NOT NULL,
    observed_at timestamp without time zone NOT NULL,
    visibility character varying(10) NOT NULL,
    photos text NOT NULL,
    shared_once boolean NOT NULL
);


--
-- Name: person; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.person (
    id character varying(36) NOT NULL,
    name character varying(120) NOT NULL,
    manager_id character varying(36),
    is_admin boolean NOT NULL,
    active boolean NOT NULL,
    webauthn_user_id bytea NOT NULL,
    session_epoch integer NOT NULL,
    sync_epoch integer NOT NULL,
    area_id character varying(36),
    created_at timestamp without time zone NOT NULL
);


--
-- Name: rejected_mutation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rejected_mutation (
    id integer NOT NULL,
    client_id character varying(36) NOT NULL,
    mutation_id bigint NOT NULL,
    name character varying(64) NOT NULL,
    args text NOT NULL,
    at character varying(64),
    code character varying(40) NOT NULL,
    message text NOT NULL,
    details text,
    received_at timestamp without time zone NOT NULL
);


--
-- Name: rejected_mutation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.rejected_mutation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: rejected_mutation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.rejected_mutation_id_seq OWNED BY public.rejected_mutation.id;


--
-- Name: revision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revision (
    id integer NOT NULL,
    entity character varying(20) NOT NULL,
    record_id character varying(36) NOT NULL,
    version bigint NOT NULL,
    base_version bigint,
    op character varying(10) NOT NULL,
    author_id character varying(36) NOT NULL,
    client_id character varying(36),
    mutation_id bigint,
    changes text NOT NULL,
    conflicts text,
    device_at character varying(64),
    created_at timestamp without time zone NOT NULL
);


--
-- Name: revision_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.revision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: revision_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.revision_id_seq OWNED BY public.revision.id;


--
-- Name: sync_client; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_client (
    id character varying(36) NOT NULL,
    person_id character varying(36) NOT NULL,
    last_mutation_id bigint NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_seen_at timestamp without time zone NOT NULL
);


--
-- Name: sync_counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_counter (
    id integer NOT NULL,
    value bigint NOT NULL,
    purged_through bigint NOT NULL
);


--
-- Name: credential id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential ALTER COLUMN id SET DEFAULT nextval('public.credential_id_seq'::regclass);


--
-- Name: invite id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invite ALTER COLUMN id SET DEFAULT nextval('public.invite_id_seq'::regclass);


--
-- Name: rejected_mutation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rejected_mutation ALTER COLUMN id SET DEFAULT nextval('public.rejected_mutation_id_seq'::regclass);


--
-- Name: revision id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revision ALTER COLUMN id SET DEFAULT nextval('public.revision_id_seq'::regclass);


--
-- Data for Name: area; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: attachment; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.attachment VALUES ('d20f6ffd523b78a86cd2f916fa34af5d1918d75f7b142237c752ad6b254213ab', 22, 'image/jpeg', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '2026-11-30 20:58:06.789117');


--
-- Data for Name: auth_challenge; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: challenge; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.challenge VALUES ('0c331e3a-06d9-4611-bbaa-91a6bf57baf7', 8, false, false, '2026-11-30 20:58:07.54287', '2026-11-30 20:58:07.542882', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'b6c4378b-66b2-468b-9566-f24879d4fce5', 'kaizen', 'A kaizen challenge', 'Changeover takes 47 min', '{"metric":"minutes","baseline":47,"value":20,"unit":"min"}', NULL, '2026-12-18', 'assigned', '[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.510Z"}]', NULL, '{"currentMethod":"By memory","experiments":[{"expected":"Faster","actual":"Same","learned":"Prepare first"}]}', '');
INSERT INTO public.challenge VALUES ('a462cc96-f452-4e2c-9afe-33e781af58cc', 9, false, false, '2026-11-30 20:58:07.57559', '2026-11-30 20:58:07.5756', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'b6c4378b-66b2-468b-9566-f24879d4fce5', 'standard', 'A standard challenge', 'Changeover takes 47 min', '{"metric":"minutes","baseline":47,"value":20,"unit":"min"}', NULL, '2026-12-18', 'assigned', '[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.567Z"}]', NULL, '{"steps":[{"step":"Clean","keyPoints":["Top down"],"reasons":["Dust falls"]}],"practiceLog":[]}', '');
INSERT INTO public.challenge VALUES ('f7e9be00-3507-4c74-a4d0-b3e0408909f0', 10, false, false, '2026-11-30 20:58:07.346724', '2026-11-30 20:58:07.899776', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'b6c4378b-66b2-468b-9566-f24879d4fce5', 'problem', 'A problem challenge', 'Changeover takes 47 min', '{"metric":"minutes","baseline":47,"value":20,"unit":"min"}', 40.5, '2026-12-18', 'accepted', '[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.342Z"},{"status":"accepted","by":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","byName":"Lee","at":"2026-11-30T20:58:07.899Z"}]', '2026-11-30 20:58:07.899168', '{"whys":["Parts wait"],"rootCause":"","countermeasure":"","check":""}', 'Starting Monday');
INSERT INTO public.challenge VALUES ('8bdd786e-ddb7-42c8-b74d-1a7b741e8a8e', 15, false, true, '2026-11-30 20:58:07.378824', '2026-11-30 20:58:09.045748', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'b6c4378b-66b2-468b-9566-f24879d4fce5', 'teamwork', 'Phone title', 'Changeover takes 47 min', '{"metric":"minutes","baseline":47,"value":20,"unit":"min"}', NULL, '2026-12-18', 'assigned', '[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.368Z"}]', NULL, '{"question":"How to run SMED?","helperId":"086bd456-b8e9-4635-b4a7-050266a4e72c"}', '');


--
-- Data for Name: check_in; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.check_in VALUES ('22aa0dfb-9b8c-4aa1-abcf-cb7487032549', 12, false, false, '2026-11-30 20:58:08.142725', '2026-11-30 20:58:08.37616', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'f7e9be00-3507-4c74-a4d0-b3e0408909f0', '2026-11-21 14:00:00', 3, 2, 4, 'Timed three changeovers', NULL, NULL, '2026-11-28', 'I will time more');


--
-- Data for Name: credential; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.credential VALUES (1, '5d10916a-b7eb-4178-9243-871b4694852e', '\x985de0d8b27b6aa34d9b102401a8cd5f', '\xa5010203262001215820899439c6a45bf1597a0a5797a6239641b5dc19dfef50df60cd418a626ce955d3225820e1000b8c43969c27a0ba96a0fe3178336d9660fae9e1e0cdce338592ace7fbce', 0, '["internal"]', 'Ops''s phone', '2026-11-30 20:58:06.446419', NULL);
INSERT INTO public.credential VALUES (2, '086bd456-b8e9-4635-b4a7-050266a4e72c', '\x2dbf5c7e3cf8f64a33454da3d134c924', '\xa5010203262001215820d53c66f22b9397fa41703c35df583d1b0922934a12349e0c7c31aed54bc10d2f2258209fe45c40cecaf83820e8bff96005b01581b7ac1ce050655e14e9dd435b4be36b', 0, '["internal"]', 'Rui''s phone', '2026-11-30 20:58:06.525124', NULL);
INSERT INTO public.credential VALUES (4, '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', '\x709ec0686c04900b1a9701a83771acab', '\xa50102032620012158204123bdd4e3eac79a7648ceff2470d2747186632e80bdc09bd564d4715e5089f322582024ca0de47bf49941ee44186cb7b8775a432ed43240e68c944276a9e9b497e2b5', 0, '["internal"]', 'Lee''s phone', '2026-11-30 20:58:06.70826', NULL);
INSERT INTO public.credential VALUES (3, 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '\x1c4d20f74a5281ceb2081ae04d2b012f', '\xa501020326200121582027dd050e42668c121c5987fcc70a96f6268845dbd15552a1585dcbc1c9f2b6a0225820b4fcdb9c82f94947c02731383ed2aeff39573e9f51ad6659bc1cfada6b839367', 1, '["internal"]', 'Maya''s phone', '2026-11-30 20:58:06.64381', '2026-11-30 20:58:08.683808');


--
-- Data for Name: invite; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.invite VALUES (5, 'a8bb916e-d3dd-45c0-b281-e253106918e5', '2a09c7eef457ea9faf90e6d1c6aba40a3f97a59c61028d34c5cdfd41fb575a36', 'invite', NULL, '2026-11-30 20:58:06.373393', '2026-12-07 20:58:06.36902', NULL);
INSERT INTO public.invite VALUES (1, '5d10916a-b7eb-4178-9243-871b4694852e', 'ef5ac0dbf95b8db5482c1e93f6f13e58fa6dd4cc95dc8f50460e6001e39db845', 'invite', NULL, '2026-11-30 20:58:06.316716', '2026-12-07 20:58:06.314973', '2026-11-30 20:58:06.439786');
INSERT INTO public.invite VALUES (2, '086bd456-b8e9-4635-b4a7-050266a4e72c', '6b78dd51739db7a9f65d4fc2a557d156af1eb4701f06695c1f3aaeba360dec2f', 'invite', NULL, '2026-11-30 20:58:06.323206', '2026-12-07 20:58:06.322543', '2026-11-30 20:58:06.523829');
INSERT INTO public.invite VALUES (3, 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', 'd9f41c6dfc0fa7a72ef48ab40f14ed3ed45e5a156d72201bfe8fabb94422d515', 'invite', NULL, '2026-11-30 20:58:06.345868', '2026-12-07 20:58:06.342425', '2026-11-30 20:58:06.643347');
INSERT INTO public.invite VALUES (4, '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', '94e0d1ce34c16898f1995880309a0c91120309644249371ae0be5ae764335ee5', 'invite', NULL, '2026-11-30 20:58:06.365585', '2026-12-07 20:58:06.362463', '2026-11-30 20:58:06.707186');


--
-- Data for Name: learning_goal; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.learning_goal VALUES ('b6c4378b-66b2-468b-9566-f24879d4fce5', 5, false, false, '2026-11-30 20:58:07.311082', '2026-11-30 20:58:07.311098', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'Stop at the first defect', 'Late defects hide their cause', 'Stopping loses output', '["54122731-a66f-48a4-ace8-ae10428bdf80"]', 'open');


--
-- Data for Name: login_session; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.login_session VALUES ('oClqXPvN9VHo0Hkgt-6-Bu6G6u2PtsuJq-5Fk6gJdLI', '5d10916a-b7eb-4178-9243-871b4694852e', '2026-11-30 20:58:06.459736');
INSERT INTO public.login_session VALUES ('NrRc5iHoASMsyXG9RaRFjnIAsnWs2H9Yr_EqV0pZQCA', '086bd456-b8e9-4635-b4a7-050266a4e72c', '2026-11-30 20:58:06.545842');
INSERT INTO public.login_session VALUES ('f400owWurZIv24eHLGNpylyO06ldQ85zHflJOXaBgzc', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '2026-11-30 20:58:06.646598');
INSERT INTO public.login_session VALUES ('BxnnXKsowk9KZy9H0IwZ2zZyFEqBLQprsOEW_3w1KAg', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', '2026-11-30 20:58:06.774818');
INSERT INTO public.login_session VALUES ('rGpHkoIQliRUgvz53XIsEx7A2-5IsdJlgDIxxteAfUg', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '2026-11-30 20:58:08.686227');


--
-- Data for Name: mentor_note; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.mentor_note VALUES ('87faba45-e723-4c04-b3f7-75374ed63aff', 13, false, false, '2026-11-30 20:58:08.543249', '2026-11-30 20:58:08.543259', '086bd456-b8e9-4635-b4a7-050266a4e72c', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'Wants to lead a kaizen workshop', '2026-11-21 16:00:00');


--
-- Data for Name: observation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.observation VALUES ('54122731-a66f-48a4-ace8-ae10428bdf80', 1, false, false, '2026-11-30 20:58:07.01287', '2026-11-30 20:58:07.012885', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', NULL, 'Restarts the press without checking the guard', 'safety', '2026-11-20 08:00:00', 'shared', '["d20f6ffd523b78a86cd2f916fa34af5d1918d75f7b142237c752ad6b254213ab"]', true);
INSERT INTO public.observation VALUES ('27f07dbe-6601-4790-bec4-e2a8406b87e0', 2, false, false, '2026-11-30 20:58:07.062731', '2026-11-30 20:58:07.06274', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', NULL, 'PRIVATE: maybe move him', 'misconception', '2026-11-20 09:05:00', 'private', '[]', false);
INSERT INTO public.observation VALUES ('a602a0f6-360e-4110-ab13-e534dc566f58', 4, true, false, '2026-11-30 20:58:07.20669', '2026-11-30 20:58:07.279763', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', NULL, NULL, 'Duplicate', 'misconception', '2026-11-20 09:06:00', 'private', '[]', false);


--
-- Data for Name: person; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.person VALUES ('5d10916a-b7eb-4178-9243-871b4694852e', 'Ops', NULL, true, true, '\xcf82d7644e749214946be250aa5f6bf815751604a3fc71f16b1bb1421b6e7a84', 0, 0, NULL, '2026-11-30 20:58:06.198565');
INSERT INTO public.person VALUES ('086bd456-b8e9-4635-b4a7-050266a4e72c', 'Rui', NULL, false, true, '\x0c9b402bfeaeeb12ad06b34e28f681ae723bce76ea765b16c308de136db4a669', 0, 0, NULL, '2026-11-30 20:58:06.319694');
INSERT INTO public.person VALUES ('b31e1f3e-45cd-4c25-aae4-1631e7500f22', 'Maya', '086bd456-b8e9-4635-b4a7-050266a4e72c', false, true, '\x074c938504e79cca0e8e02668d79475984345f5444e2b4ed2be66be1752adc7e', 0, 0, NULL, '2026-11-30 20:58:06.337883');
INSERT INTO public.person VALUES ('3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 'Lee', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', false, true, '\xc6f616209ceb332d41f3441bc1d9db0a0b9816d69290072cf86feddbbd22542b', 0, 0, NULL, '2026-11-30 20:58:06.358825');
INSERT INTO public.person VALUES ('a8bb916e-d3dd-45c0-b281-e253106918e5', 'Pat (never enrolled)', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', false, true, '\x4680b5031968d442bf6758815b9e53551991c47ccb62ba623c38ec224db49018', 0, 0, NULL, '2026-11-30 20:58:06.367905');


--
-- Data for Name: rejected_mutation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.rejected_mutation VALUES (1, '70c6679c-56c6-4e77-8a0e-05f0b742771c', 3, 'challenge.update', '{"id":"f7e9be00-3507-4c74-a4d0-b3e0408909f0","baseVersion":10,"status":"dropped"}', '2026-11-20T10:00:00.000Z', 'forbidden', 'Only your coach can drop or reassign a challenge.', NULL, '2026-11-30 20:58:09.092743');


--
-- Data for Name: revision; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.revision VALUES (1, 'observation', '54122731-a66f-48a4-ace8-ae10428bdf80', 1, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 1, '{"note":"Restarts the press without checking the guard","kind":"safety","personId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","areaId":null,"observedAt":"2026-11-20T08:00:00.000Z","visibility":"shared","photos":["d20f6ffd523b78a86cd2f916fa34af5d1918d75f7b142237c752ad6b254213ab"]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.020124');
INSERT INTO public.revision VALUES (2, 'observation', '27f07dbe-6601-4790-bec4-e2a8406b87e0', 2, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 2, '{"note":"PRIVATE: maybe move him","kind":"misconception","personId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","areaId":null,"observedAt":"2026-11-20T09:05:00.000Z","visibility":"private","photos":[]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.067001');
INSERT INTO public.revision VALUES (3, 'observation', 'a602a0f6-360e-4110-ab13-e534dc566f58', 3, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 3, '{"note":"Duplicate","kind":"misconception","personId":null,"areaId":null,"observedAt":"2026-11-20T09:06:00.000Z","visibility":"private","photos":[]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.207961');
INSERT INTO public.revision VALUES (4, 'observation', 'a602a0f6-360e-4110-ab13-e534dc566f58', 4, 3, 'delete', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 4, '{"deleted":true}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.28239');
INSERT INTO public.revision VALUES (5, 'goal', 'b6c4378b-66b2-468b-9566-f24879d4fce5', 5, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 5, '{"learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","action":"Stop at the first defect","reason":"Late defects hide their cause","misconception":"Stopping loses output","observationIds":["54122731-a66f-48a4-ace8-ae10428bdf80"],"status":"open"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.313029');
INSERT INTO public.revision VALUES (6, 'challenge', 'f7e9be00-3507-4c74-a4d0-b3e0408909f0', 6, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 6, '{"goalId":"b6c4378b-66b2-468b-9566-f24879d4fce5","learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","mode":"problem","title":"A problem challenge","problem":"Changeover takes 47 min","target":{"metric":"minutes","baseline":47,"value":20,"unit":"min"},"dueOn":"2026-12-18","details":{"whys":["Parts wait"],"rootCause":"","countermeasure":"","check":""},"status":"assigned","statusHistory":[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.342Z"}]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.350419');
INSERT INTO public.revision VALUES (7, 'challenge', '8bdd786e-ddb7-42c8-b74d-1a7b741e8a8e', 7, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 7, '{"goalId":"b6c4378b-66b2-468b-9566-f24879d4fce5","learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","mode":"teamwork","title":"A teamwork challenge","problem":"Changeover takes 47 min","target":{"metric":"minutes","baseline":47,"value":20,"unit":"min"},"dueOn":"2026-12-18","details":{"question":"How to run SMED?","helperId":"086bd456-b8e9-4635-b4a7-050266a4e72c"},"status":"assigned","statusHistory":[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.368Z"}]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.388417');
INSERT INTO public.revision VALUES (8, 'challenge', '0c331e3a-06d9-4611-bbaa-91a6bf57baf7', 8, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 8, '{"goalId":"b6c4378b-66b2-468b-9566-f24879d4fce5","learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","mode":"kaizen","title":"A kaizen challenge","problem":"Changeover takes 47 min","target":{"metric":"minutes","baseline":47,"value":20,"unit":"min"},"dueOn":"2026-12-18","details":{"currentMethod":"By memory","experiments":[{"expected":"Faster","actual":"Same","learned":"Prepare first"}]},"status":"assigned","statusHistory":[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.510Z"}]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.544988');
INSERT INTO public.revision VALUES (9, 'challenge', 'a462cc96-f452-4e2c-9afe-33e781af58cc', 9, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 9, '{"goalId":"b6c4378b-66b2-468b-9566-f24879d4fce5","learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","mode":"standard","title":"A standard challenge","problem":"Changeover takes 47 min","target":{"metric":"minutes","baseline":47,"value":20,"unit":"min"},"dueOn":"2026-12-18","details":{"steps":[{"step":"Clean","keyPoints":["Top down"],"reasons":["Dust falls"]}],"practiceLog":[]},"status":"assigned","statusHistory":[{"status":"assigned","by":"b31e1f3e-45cd-4c25-aae4-1631e7500f22","byName":"Maya","at":"2026-11-30T20:58:07.567Z"}]}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.582602');
INSERT INTO public.revision VALUES (10, 'challenge', 'f7e9be00-3507-4c74-a4d0-b3e0408909f0', 10, 6, 'update', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', '70c6679c-56c6-4e77-8a0e-05f0b742771c', 1, '{"actual":40.5,"status":"accepted","reflection":"Starting Monday"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:07.901494');
INSERT INTO public.revision VALUES (11, 'checkin', '22aa0dfb-9b8c-4aa1-abcf-cb7487032549', 11, NULL, 'create', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 10, '{"challengeId":"f7e9be00-3507-4c74-a4d0-b3e0408909f0","at":"2026-11-21T14:00:00.000Z","engagement":3,"approach":2,"resilience":4,"notes":"Timed three changeovers","learned":null,"nextStep":null,"nextCheckinOn":"2026-11-28","learnerId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:08.183336');
INSERT INTO public.revision VALUES (12, 'checkin', '22aa0dfb-9b8c-4aa1-abcf-cb7487032549', 12, 11, 'update', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', '70c6679c-56c6-4e77-8a0e-05f0b742771c', 2, '{"answer":"I will time more"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:08.37732');
INSERT INTO public.revision VALUES (13, 'mentor_note', '87faba45-e723-4c04-b3f7-75374ed63aff', 13, NULL, 'create', '086bd456-b8e9-4635-b4a7-050266a4e72c', '624ad952-7b5d-4d98-ab82-5db23b0f131e', 1, '{"personId":"3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a","note":"Wants to lead a kaizen workshop","at":"2026-11-21T16:00:00.000Z"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:08.553795');
INSERT INTO public.revision VALUES (14, 'challenge', '8bdd786e-ddb7-42c8-b74d-1a7b741e8a8e', 14, 7, 'update', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', '6003a343-a195-4c5a-8261-486bcc050537', 11, '{"title":"Phone title"}', NULL, '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:08.958519');
INSERT INTO public.revision VALUES (15, 'challenge', '8bdd786e-ddb7-42c8-b74d-1a7b741e8a8e', 15, 7, 'update', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', 'cd1880b2-c291-413b-82b5-5b7f2cb1d96c', 1, '{}', '{"title":"Tablet title"}', '2026-11-20T10:00:00.000Z', '2026-11-30 20:58:09.048341');


--
-- Data for Name: sync_client; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sync_client VALUES ('624ad952-7b5d-4d98-ab82-5db23b0f131e', '086bd456-b8e9-4635-b4a7-050266a4e72c', 1, '2026-11-30 20:58:08.474988', '2026-11-30 20:58:08.558322');
INSERT INTO public.sync_client VALUES ('6003a343-a195-4c5a-8261-486bcc050537', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', 11, '2026-11-30 20:58:06.999726', '2026-11-30 20:58:08.960165');
INSERT INTO public.sync_client VALUES ('cd1880b2-c291-413b-82b5-5b7f2cb1d96c', 'b31e1f3e-45cd-4c25-aae4-1631e7500f22', 1, '2026-11-30 20:58:09.005023', '2026-11-30 20:58:09.050795');
INSERT INTO public.sync_client VALUES ('70c6679c-56c6-4e77-8a0e-05f0b742771c', '3f96e50d-eb3d-4f6a-a61b-6a05ab968c1a', 3, '2026-11-30 20:58:07.854896', '2026-11-30 20:58:09.094366');


--
-- Data for Name: sync_counter; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sync_counter VALUES (1, 15, 0);


--
-- Name: credential_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.credential_id_seq', 4, true);


--
-- Name: invite_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.invite_id_seq', 5, true);


--
-- Name: rejected_mutation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.rejected_mutation_id_seq', 1, true);


--
-- Name: revision_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.revision_id_seq', 15, true);


--
-- Name: area area_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.area
    ADD CONSTRAINT area_pkey PRIMARY KEY (id);


--
-- Name: attachment attachment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_pkey PRIMARY KEY (sha256);


--
-- Name: auth_challenge auth_challenge_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_challenge
    ADD CONSTRAINT auth_challenge_pkey PRIMARY KEY (id);


--
-- Name: challenge challenge_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge
    ADD CONSTRAINT challenge_pkey PRIMARY KEY (id);


--
-- Name: check_in check_in_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_in
    ADD CONSTRAINT check_in_pkey PRIMARY KEY (id);


--
-- Name: credential credential_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential
    ADD CONSTRAINT credential_pkey PRIMARY KEY (id);


--
-- Name: invite invite_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invite
    ADD CONSTRAINT invite_pkey PRIMARY KEY (id);


--
-- Name: learning_goal learning_goal_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.learning_goal
    ADD CONSTRAINT learning_goal_pkey PRIMARY KEY (id);


--
-- Name: login_session login_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_session
    ADD CONSTRAINT login_session_pkey PRIMARY KEY (id);


--
-- Name: mentor_note mentor_note_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mentor_note
    ADD CONSTRAINT mentor_note_pkey PRIMARY KEY (id);


--
-- Name: observation observation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.observation
    ADD CONSTRAINT observation_pkey PRIMARY KEY (id);


--
-- Name: person person_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_pkey PRIMARY KEY (id);


--
-- Name: rejected_mutation rejected_mutation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rejected_mutation
    ADD CONSTRAINT rejected_mutation_pkey PRIMARY KEY (id);


--
-- Name: revision revision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revision
    ADD CONSTRAINT revision_pkey PRIMARY KEY (id);


--
-- Name: sync_client sync_client_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_client
    ADD CONSTRAINT sync_client_pkey PRIMARY KEY (id);


--
-- Name: sync_counter sync_counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_counter
    ADD CONSTRAINT sync_counter_pkey PRIMARY KEY (id);


--
-- Name: area_parent_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX area_parent_id ON public.area USING btree (parent_id);


--
-- Name: attachment_uploaded_by_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attachment_uploaded_by_id ON public.attachment USING btree (uploaded_by_id);


--
-- Name: auth_challenge_invite_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_challenge_invite_id ON public.auth_challenge USING btree (invite_id);


--
-- Name: auth_challenge_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_challenge_person_id ON public.auth_challenge USING btree (person_id);


--
-- Name: challenge_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_author_id ON public.challenge USING btree (author_id);


--
-- Name: challenge_goal_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_goal_id ON public.challenge USING btree (goal_id);


--
-- Name: challenge_learner_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_learner_id ON public.challenge USING btree (learner_id);


--
-- Name: challenge_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_version ON public.challenge USING btree (version);


--
-- Name: check_in_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX check_in_author_id ON public.check_in USING btree (author_id);


--
-- Name: check_in_challenge_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX check_in_challenge_id ON public.check_in USING btree (challenge_id);


--
-- Name: check_in_learner_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX check_in_learner_id ON public.check_in USING btree (learner_id);


--
-- Name: check_in_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX check_in_version ON public.check_in USING btree (version);


--
-- Name: credential_credential_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX credential_credential_id ON public.credential USING btree (credential_id);


--
-- Name: credential_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX credential_person_id ON public.credential USING btree (person_id);


--
-- Name: invite_created_by_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invite_created_by_id ON public.invite USING btree (created_by_id);


--
-- Name: invite_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invite_person_id ON public.invite USING btree (person_id);


--
-- Name: invite_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX invite_token_hash ON public.invite USING btree (token_hash);


--
-- Name: learning_goal_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX learning_goal_author_id ON public.learning_goal USING btree (author_id);


--
-- Name: learning_goal_learner_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX learning_goal_learner_id ON public.learning_goal USING btree (learner_id);


--
-- Name: learning_goal_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX learning_goal_version ON public.learning_goal USING btree (version);


--
-- Name: login_session_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_session_person_id ON public.login_session USING btree (person_id);


--
-- Name: mentor_note_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mentor_note_author_id ON public.mentor_note USING btree (author_id);


--
-- Name: mentor_note_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mentor_note_person_id ON public.mentor_note USING btree (person_id);


--
-- Name: mentor_note_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mentor_note_version ON public.mentor_note USING btree (version);


--
-- Name: observation_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX observation_author_id ON public.observation USING btree (author_id);


--
-- Name: observation_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX observation_person_id ON public.observation USING btree (person_id);


--
-- Name: observation_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX observation_version ON public.observation USING btree (version);


--
-- Name: person_area_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX person_area_id ON public.person USING btree (area_id);


--
-- Name: person_manager_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX person_manager_id ON public.person USING btree (manager_id);


--
-- Name: person_webauthn_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX person_webauthn_user_id ON public.person USING btree (webauthn_user_id);


--
-- Name: rejected_mutation_client_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX rejected_mutation_client_id ON public.rejected_mutation USING btree (client_id);


--
-- Name: rejected_mutation_client_id_mutation_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX rejected_mutation_client_id_mutation_id ON public.rejected_mutation USING btree (client_id, mutation_id);


--
-- Name: revision_author_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revision_author_id ON public.revision USING btree (author_id);


--
-- Name: revision_entity_record_id_version; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revision_entity_record_id_version ON public.revision USING btree (entity, record_id, version);


--
-- Name: sync_client_person_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sync_client_person_id ON public.sync_client USING btree (person_id);


--
-- Name: area area_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.area
    ADD CONSTRAINT area_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.area(id) ON DELETE CASCADE;


--
-- Name: attachment attachment_uploaded_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment
    ADD CONSTRAINT attachment_uploaded_by_id_fkey FOREIGN KEY (uploaded_by_id) REFERENCES public.person(id) ON DELETE SET NULL;


--
-- Name: auth_challenge auth_challenge_invite_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_challenge
    ADD CONSTRAINT auth_challenge_invite_id_fkey FOREIGN KEY (invite_id) REFERENCES public.invite(id) ON DELETE CASCADE;


--
-- Name: auth_challenge auth_challenge_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_challenge
    ADD CONSTRAINT auth_challenge_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: challenge challenge_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge
    ADD CONSTRAINT challenge_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: challenge challenge_learner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge
    ADD CONSTRAINT challenge_learner_id_fkey FOREIGN KEY (learner_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: check_in check_in_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_in
    ADD CONSTRAINT check_in_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: check_in check_in_learner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_in
    ADD CONSTRAINT check_in_learner_id_fkey FOREIGN KEY (learner_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: credential credential_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential
    ADD CONSTRAINT credential_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: invite invite_created_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invite
    ADD CONSTRAINT invite_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public.person(id) ON DELETE SET NULL;


--
-- Name: invite invite_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invite
    ADD CONSTRAINT invite_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: learning_goal learning_goal_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.learning_goal
    ADD CONSTRAINT learning_goal_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: learning_goal learning_goal_learner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.learning_goal
    ADD CONSTRAINT learning_goal_learner_id_fkey FOREIGN KEY (learner_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: login_session login_session_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_session
    ADD CONSTRAINT login_session_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: mentor_note mentor_note_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mentor_note
    ADD CONSTRAINT mentor_note_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: mentor_note mentor_note_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mentor_note
    ADD CONSTRAINT mentor_note_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: observation observation_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.observation
    ADD CONSTRAINT observation_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: observation observation_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.observation
    ADD CONSTRAINT observation_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE SET NULL;


--
-- Name: person person_area_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.area(id) ON DELETE SET NULL;


--
-- Name: person person_manager_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES public.person(id) ON DELETE SET NULL;


--
-- Name: rejected_mutation rejected_mutation_client_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rejected_mutation
    ADD CONSTRAINT rejected_mutation_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.sync_client(id) ON DELETE CASCADE;


--
-- Name: revision revision_author_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revision
    ADD CONSTRAINT revision_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- Name: sync_client sync_client_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_client
    ADD CONSTRAINT sync_client_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.person(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


