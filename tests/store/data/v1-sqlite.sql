BEGIN TRANSACTION;
CREATE TABLE audit (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user_id INTEGER, 
	action VARCHAR(40) NOT NULL, 
	job_id INTEGER, 
	candidate_id INTEGER, 
	detail JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);
INSERT INTO "audit" VALUES(1,'2026-01-02 03:04:05.000000',1,'star',1,1,'{"on": true}');
CREATE TABLE candidates (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (document_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
INSERT INTO "candidates" VALUES(1,2,'Ada','2026-01-02 03:04:05.000000');
CREATE TABLE decisions (
	id INTEGER NOT NULL, 
	job_id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	decision VARCHAR(16) NOT NULL, 
	note TEXT NOT NULL, 
	user_id INTEGER, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id), 
	FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);
INSERT INTO "decisions" VALUES(1,1,1,'shortlist','good',1,'2026-01-02 03:04:05.000000');
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	filename VARCHAR(500) NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	content BLOB NOT NULL, 
	text TEXT NOT NULL, 
	language VARCHAR(16) NOT NULL, 
	meta JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_documents_kind_hash UNIQUE (kind, content_hash)
);
INSERT INTO "documents" VALUES(1,'job','dba.md','jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj',X'43617373616E647261204442410AFF00','Cassandra DBA','en','{"pages": 1}','2026-01-02 03:04:05.000000');
INSERT INTO "documents" VALUES(2,'cv','ada.txt','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc',X'416461C3A9','Ada é','fr','{"flags": ["hidden-text"]}','2026-01-02 03:04:05.000000');
CREATE TABLE embeddings (
	document_id INTEGER NOT NULL, 
	model_id VARCHAR(200) NOT NULL, 
	dim INTEGER NOT NULL, 
	vector BLOB NOT NULL, 
	PRIMARY KEY (document_id, model_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id)
);
INSERT INTO "embeddings" VALUES(2,'m@1',2,X'0000803F00000040');
CREATE TABLE job_candidates (
	job_id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (job_id, candidate_id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id), 
	FOREIGN KEY(candidate_id) REFERENCES candidates (id)
);
INSERT INTO "job_candidates" VALUES(1,1,'2026-01-02 03:04:05.000000');
CREATE TABLE jobs (
	id INTEGER NOT NULL, 
	title VARCHAR(500) NOT NULL, 
	document_id INTEGER NOT NULL, 
	created_by INTEGER, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(document_id) REFERENCES documents (id), 
	FOREIGN KEY(created_by) REFERENCES users (id)
);
INSERT INTO "jobs" VALUES(1,'DBA',1,1,'2026-01-02 03:04:05.000000');
CREATE TABLE matches (
	job_id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	score FLOAT NOT NULL, 
	payload JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (job_id, candidate_id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id), 
	FOREIGN KEY(candidate_id) REFERENCES candidates (id)
);
INSERT INTO "matches" VALUES(1,1,87.5,'{"score": 87.5, "evidence": []}','2026-01-02 03:04:05.000000');
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_version" VALUES(1,'2026-12-07 00:46:11.460409');
CREATE TABLE stars (
	job_id INTEGER NOT NULL, 
	candidate_id INTEGER NOT NULL, 
	user_id INTEGER, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (job_id, candidate_id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id), 
	FOREIGN KEY(candidate_id) REFERENCES candidates (id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);
INSERT INTO "stars" VALUES(1,1,1,'2026-01-02 03:04:05.000000');
CREATE TABLE tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES users (id), 
	UNIQUE (token_hash)
);
INSERT INTO "tokens" VALUES(1,1,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','2026-01-02 03:04:05.000000');
CREATE TABLE users (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "users" VALUES(1,'alice','2026-01-02 03:04:05.000000');
COMMIT;
