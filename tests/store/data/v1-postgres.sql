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
CREATE TABLE public.audit (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    user_id integer,
    action character varying(40) NOT NULL,
    job_id integer,
    candidate_id integer,
    detail json NOT NULL
);
CREATE SEQUENCE public.audit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.audit_id_seq OWNED BY public.audit.id;
CREATE TABLE public.candidates (
    id integer NOT NULL,
    document_id integer NOT NULL,
    name character varying(500) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.candidates_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.candidates_id_seq OWNED BY public.candidates.id;
CREATE TABLE public.decisions (
    id integer NOT NULL,
    job_id integer NOT NULL,
    candidate_id integer NOT NULL,
    decision character varying(16) NOT NULL,
    note text NOT NULL,
    user_id integer,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.decisions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.decisions_id_seq OWNED BY public.decisions.id;
CREATE TABLE public.documents (
    id integer NOT NULL,
    kind character varying(8) NOT NULL,
    filename character varying(500) NOT NULL,
    content_hash character varying(64) NOT NULL,
    content bytea NOT NULL,
    text text NOT NULL,
    language character varying(16) NOT NULL,
    meta json NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.documents_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.documents_id_seq OWNED BY public.documents.id;
CREATE TABLE public.embeddings (
    document_id integer NOT NULL,
    model_id character varying(200) NOT NULL,
    dim integer NOT NULL,
    vector bytea NOT NULL
);
CREATE TABLE public.job_candidates (
    job_id integer NOT NULL,
    candidate_id integer NOT NULL,
    added_at timestamp with time zone NOT NULL
);
CREATE TABLE public.jobs (
    id integer NOT NULL,
    title character varying(500) NOT NULL,
    document_id integer NOT NULL,
    created_by integer,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.jobs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.jobs_id_seq OWNED BY public.jobs.id;
CREATE TABLE public.matches (
    job_id integer NOT NULL,
    candidate_id integer NOT NULL,
    score double precision NOT NULL,
    payload json NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE public.schema_version (
    version integer NOT NULL,
    applied_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.schema_version_version_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.schema_version_version_seq OWNED BY public.schema_version.version;
CREATE TABLE public.stars (
    job_id integer NOT NULL,
    candidate_id integer NOT NULL,
    user_id integer,
    created_at timestamp with time zone NOT NULL
);
CREATE TABLE public.tokens (
    id integer NOT NULL,
    user_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tokens_id_seq OWNED BY public.tokens.id;
CREATE TABLE public.users (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
ALTER TABLE ONLY public.audit ALTER COLUMN id SET DEFAULT nextval('public.audit_id_seq'::regclass);
ALTER TABLE ONLY public.candidates ALTER COLUMN id SET DEFAULT nextval('public.candidates_id_seq'::regclass);
ALTER TABLE ONLY public.decisions ALTER COLUMN id SET DEFAULT nextval('public.decisions_id_seq'::regclass);
ALTER TABLE ONLY public.documents ALTER COLUMN id SET DEFAULT nextval('public.documents_id_seq'::regclass);
ALTER TABLE ONLY public.jobs ALTER COLUMN id SET DEFAULT nextval('public.jobs_id_seq'::regclass);
ALTER TABLE ONLY public.schema_version ALTER COLUMN version SET DEFAULT nextval('public.schema_version_version_seq'::regclass);
ALTER TABLE ONLY public.tokens ALTER COLUMN id SET DEFAULT nextval('public.tokens_id_seq'::regclass);
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);
INSERT INTO public.audit VALUES (1, '2026-01-02 03:04:05+00', 1, 'star', 1, 1, '{"on": true}');
INSERT INTO public.candidates VALUES (1, 2, 'Ada', '2026-01-02 03:04:05+00');
INSERT INTO public.decisions VALUES (1, 1, 1, 'shortlist', 'good', 1, '2026-01-02 03:04:05+00');
INSERT INTO public.documents VALUES (1, 'job', 'dba.md', 'jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj', '\x43617373616e647261204442410aff00', 'Cassandra DBA', 'en', '{"pages": 1}', '2026-01-02 03:04:05+00');
INSERT INTO public.documents VALUES (2, 'cv', 'ada.txt', 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', '\x416461c3a9', 'Ada é', 'fr', '{"flags": ["hidden-text"]}', '2026-01-02 03:04:05+00');
INSERT INTO public.embeddings VALUES (2, 'm@1', 2, '\x0000803f00000040');
INSERT INTO public.job_candidates VALUES (1, 1, '2026-01-02 03:04:05+00');
INSERT INTO public.jobs VALUES (1, 'DBA', 1, 1, '2026-01-02 03:04:05+00');
INSERT INTO public.matches VALUES (1, 1, 87.5, '{"score": 87.5, "evidence": []}', '2026-01-02 03:04:05+00');
INSERT INTO public.schema_version VALUES (1, '2026-12-07 00:46:12.918146+00');
INSERT INTO public.stars VALUES (1, 1, 1, '2026-01-02 03:04:05+00');
INSERT INTO public.tokens VALUES (1, 1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2026-01-02 03:04:05+00');
INSERT INTO public.users VALUES (1, 'alice', '2026-01-02 03:04:05+00');
SELECT pg_catalog.setval('public.audit_id_seq', 1, true);
SELECT pg_catalog.setval('public.candidates_id_seq', 1, true);
SELECT pg_catalog.setval('public.decisions_id_seq', 1, true);
SELECT pg_catalog.setval('public.documents_id_seq', 2, true);
SELECT pg_catalog.setval('public.jobs_id_seq', 1, true);
SELECT pg_catalog.setval('public.schema_version_version_seq', 1, false);
SELECT pg_catalog.setval('public.tokens_id_seq', 1, true);
SELECT pg_catalog.setval('public.users_id_seq', 1, true);
ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.candidates
    ADD CONSTRAINT candidates_document_id_key UNIQUE (document_id);
ALTER TABLE ONLY public.candidates
    ADD CONSTRAINT candidates_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.decisions
    ADD CONSTRAINT decisions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.embeddings
    ADD CONSTRAINT embeddings_pkey PRIMARY KEY (document_id, model_id);
ALTER TABLE ONLY public.job_candidates
    ADD CONSTRAINT job_candidates_pkey PRIMARY KEY (job_id, candidate_id);
ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.matches
    ADD CONSTRAINT matches_pkey PRIMARY KEY (job_id, candidate_id);
ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);
ALTER TABLE ONLY public.stars
    ADD CONSTRAINT stars_pkey PRIMARY KEY (job_id, candidate_id);
ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_token_hash_key UNIQUE (token_hash);
ALTER TABLE ONLY public.documents
    ADD CONSTRAINT uq_documents_kind_hash UNIQUE (kind, content_hash);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_name_key UNIQUE (name);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
ALTER TABLE ONLY public.candidates
    ADD CONSTRAINT candidates_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id);
ALTER TABLE ONLY public.decisions
    ADD CONSTRAINT decisions_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES public.candidates(id);
ALTER TABLE ONLY public.decisions
    ADD CONSTRAINT decisions_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.jobs(id);
ALTER TABLE ONLY public.decisions
    ADD CONSTRAINT decisions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
ALTER TABLE ONLY public.embeddings
    ADD CONSTRAINT embeddings_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id);
ALTER TABLE ONLY public.job_candidates
    ADD CONSTRAINT job_candidates_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES public.candidates(id);
ALTER TABLE ONLY public.job_candidates
    ADD CONSTRAINT job_candidates_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.jobs(id);
ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id);
ALTER TABLE ONLY public.jobs
    ADD CONSTRAINT jobs_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.documents(id);
ALTER TABLE ONLY public.matches
    ADD CONSTRAINT matches_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES public.candidates(id);
ALTER TABLE ONLY public.matches
    ADD CONSTRAINT matches_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.jobs(id);
ALTER TABLE ONLY public.stars
    ADD CONSTRAINT stars_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES public.candidates(id);
ALTER TABLE ONLY public.stars
    ADD CONSTRAINT stars_job_id_fkey FOREIGN KEY (job_id) REFERENCES public.jobs(id);
ALTER TABLE ONLY public.stars
    ADD CONSTRAINT stars_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
