"""The fictional job ads and CVs shipped in ``examples/``, as data for ``make_examples.py``.

Every person, company, school and phone number here is invented; e-mail addresses use the
reserved ``example.org`` domain and UK numbers the ranges Ofcom keeps for drama. Each document is
an :class:`Example` whose ``markup`` follows :func:`doc_writers.parse_sections`. ``labels`` hold
the ground truth a recruiter would give for each of the three jobs.
"""

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Label = Literal["match", "partial", "near_miss", "unrelated"]


class Labels(NamedTuple):
    """Ground truth for one CV against each job (field name = job file stem, ``-`` as ``_``)."""

    cassandra_dba: Label = "unrelated"
    icu_nurse: Label = "unrelated"
    frontend_engineer: Label = "unrelated"


@dataclass(frozen=True)
class Example:
    """One document to generate; the file extension picks the writer."""

    filename: str
    language: str
    title_lines: tuple[str, ...]
    markup: str
    about: str
    labels: Labels = field(default_factory=Labels)
    encoding: str = "utf-8"
    two_column: bool = False


JOBS: tuple[Example, ...] = (
    Example(
        filename="cassandra-dba.md",
        language="en",
        about="Senior Database Administrator (Apache Cassandra), London, hybrid",
        title_lines=(
            "Senior Database Administrator (Apache Cassandra)",
            "Lumenfield Data · London (hybrid, two days a week on site) · Full time, permanent",
        ),
        markup="""
        # About us
        Lumenfield Data runs the payments ledger and real-time analytics platform behind more
        than 300 online retailers in Europe. Our platform handles around two billion writes a day
        on Apache Cassandra, with Kafka feeding Spark jobs for fraud scoring. We are 140 people,
        25 of them in infrastructure, split between London and Lyon.

        # The role
        We are looking for a senior database administrator to own the health, performance and
        growth of our Cassandra estate: 11 clusters, 260 nodes, three regions. You will work
        closely with product engineers on data models and with our SRE team on automation and
        on-call.

        # Responsibilities
        - Operate, upgrade and scale our Apache Cassandra clusters (4.1, moving to 5.0) across
          three AWS regions.
        - Review and design data models and CQL queries with development teams, and stop hot
          partitions and tombstone storms before they reach production.
        - Tune replication strategies, consistency levels, compaction and repair schedules.
        - Run day-to-day maintenance with nodetool: repairs, cleanups, decommissions and the
          bootstrap of new nodes.
        - Own backup and restore procedures and test them every quarter.
        - Improve monitoring and alerting with Prometheus and Grafana, and take part in a fair
          on-call rotation (one week in six).
        - Write runbooks and mentor two junior administrators.

        # Requirements
        - At least 5 years of hands-on experience administering Apache Cassandra clusters in
          production.
        - At least 4 years of experience as a database administrator.
        - Strong knowledge of CQL and Cassandra data modelling (partition keys, clustering
          columns, denormalisation).
        - Solid experience with replication and consistency tuning in multi-datacenter clusters.
        - Daily fluency with nodetool and the Linux command line, including JVM and disk
          troubleshooting.
        - Experience with monitoring stacks, ideally Prometheus and Grafana.
        - Proven backup and restore practice (snapshots, incremental backups, tools such as
          Medusa).
        - A degree in computer science or a related field, or equivalent experience.
        - Fluent English, written and spoken.

        # Nice to have
        - Apache Kafka and Apache Spark, especially the Spark Cassandra connector.
        - Kubernetes, for example running Cassandra with an operator.
        - AWS (EC2, EBS, S3) and infrastructure as code.
        - Python scripting for automation.
        - French is a plus: half of the team sits in Lyon.

        # What we offer
        A salary of £85,000–£100,000, 30 days of holiday, a yearly training budget of £2,000 and
        a relaxed, blameless culture where incidents are learning material, not blame material.
        """,
    ),
    Example(
        filename="icu-nurse.txt",
        language="en",
        about="Registered Nurse, adult Intensive Care Unit, Bristol",
        title_lines=(
            "Registered Nurse – Intensive Care Unit",
            "Harbourview General Hospital · Bristol · Full time (37.5 hours), rotating days and nights",
        ),
        markup="""
        # About us
        Harbourview General Hospital is a 650-bed teaching hospital serving the south-west of
        England. Our 24-bed adult Intensive Care Unit treats medical, surgical and trauma
        patients. We support our nurses with protected study days, a structured preceptorship
        and a friendly multidisciplinary team.

        # The role
        We are recruiting registered nurses to join the ICU. You will care for one or two
        critically ill patients per shift, often ventilated and on several infusions, alongside
        intensivists, physiotherapists, pharmacists and dietitians.

        # Responsibilities
        - Assess, plan and deliver nursing care to critically ill adults, including patients on
          mechanical ventilation, vasoactive drugs and renal replacement therapy.
        - Monitor haemodynamic status, manage arterial and central venous lines, and recognise
          and respond to deterioration.
        - Administer medicines and intravenous therapy safely and accurately.
        - Keep precise records in our electronic patient record and hand over using SBAR.
        - Support families through difficult conversations and take part in end-of-life care.
        - Supervise students and healthcare assistants, and contribute to audits and infection
          control.

        # Requirements
        - Registered nurse with a current registration, or eligible to register before starting.
        - At least 2 years of experience as a registered nurse, including at least 1 year in
          intensive care, high-dependency or emergency care.
        - A current Advanced Life Support (ALS) certificate, or willingness to complete it within
          six months.
        - Experience with ventilated patients, arterial blood gas interpretation and infusion
          pumps.
        - Good written and spoken English (IELTS 7.0 or equivalent for international
          applicants).
        - Calm under pressure, organised and a team player.

        # Nice to have
        - A post-registration critical care course.
        - Experience with continuous renal replacement therapy or ECMO.
        - A second language, helpful with our diverse patients and families.

        # What we offer
        A competitive salary with enhancements for nights and weekends, relocation support for
        international nurses, 27 days of annual leave plus bank holidays, and a funded critical
        care course after your first year.
        """,
    ),
    Example(
        filename="frontend-engineer.md",
        language="en",
        about="Front-End Engineer (React / TypeScript), remote within Europe",
        title_lines=(
            "Front-End Engineer (React / TypeScript)",
            "Pebblestack · Remote within Europe (CET ± 2 hours) · Full time",
        ),
        markup="""
        # About us
        Pebblestack builds scheduling software for independent clinics, gyms and salons: about
        9,000 businesses use our web app to manage bookings, payments and reminders. We are 60
        people, fully remote, with engineers in eleven countries.

        # The role
        You will join the Booking team (two front-end engineers, two back-end engineers, a
        designer and a product manager) and build the screens our customers use every day.

        # Responsibilities
        - Build and maintain features in our React and TypeScript single-page application.
        - Turn Figma designs into accessible, responsive components for our design system.
        - Write unit and integration tests with Jest and React Testing Library, and end-to-end
          tests with Playwright.
        - Agree REST and GraphQL API contracts with back-end engineers.
        - Keep the app fast: measure Core Web Vitals, split bundles, fix slow renders.
        - Review code, pair with teammates and share what you learn.

        # Requirements
        - 3+ years of professional front-end development.
        - Strong React (hooks, context, state management with Redux Toolkit or similar) and
          TypeScript.
        - Solid HTML, CSS (CSS modules or styled-components) and modern JavaScript.
        - Experience with automated testing and Git-based code review.
        - A good eye for accessibility (WCAG 2.1 AA) and responsive design.
        - Good written English: most of our collaboration is asynchronous.

        # Nice to have
        - Next.js or other server-side rendering.
        - Storybook and design systems.
        - Some Node.js or another back-end language.
        - Product analytics and A/B testing.

        # What we offer
        A salary of €60,000–€75,000 depending on experience, a home-office budget, 28 days of
        leave, a learning budget and a team meet-up twice a year somewhere in Europe.
        """,
    ),
)

_DBA_CVS: tuple[Example, ...] = (
    Example(
        filename="ethan-walsh-cassandra-dba.pdf",
        language="en",
        about="Senior Cassandra DBA, 9 years on Cassandra; two-column PDF whose stream writes the right column first",
        labels=Labels(cassandra_dba="match"),
        two_column=True,
        title_lines=("Ethan Walsh", "Senior Database Administrator – Apache Cassandra"),
        markup="""
        # Contact [side]
        ethan.walsh@example.org

        +44 20 7946 0321

        Manchester, United Kingdom

        # Skills [side]
        - Apache Cassandra 3.11, 4.x, 5.0
        - CQL and data modelling
        - Replication and consistency tuning
        - nodetool, repair, compaction
        - Medusa backups and restores
        - Prometheus, Grafana, Alertmanager
        - Linux (RHEL, Ubuntu), bash
        - Python scripting, Ansible
        - Kafka, Spark Cassandra connector
        - AWS (EC2, EBS, S3), Terraform

        # Languages [side]
        - English (native)
        - French (B2)

        # Education [side]
        = BSc Computer Science
        University of Harrowgate, 2008 – 2011

        # Summary
        Database administrator with 13 years of experience, nine of them running Apache
        Cassandra in production. I look after large multi-datacenter clusters for payment and
        messaging workloads, design data models with developers and automate the boring parts.
        Calm on call, fond of runbooks, and happiest when a repair finishes on schedule.

        # Experience
        = Senior Database Administrator, Corvane Payments, Manchester | 2019 – present
        - Own 9 Cassandra clusters (180 nodes, 3 datacenters, 420 TB) serving card
          authorisations at 60,000 writes per second.
        - Led the upgrade from Cassandra 3.11 to 4.1 without downtime, with rolling upgrades and
          a canary datacenter.
        - Reworked replication and consistency levels (NetworkTopologyStrategy with RF 3,
          LOCAL_QUORUM reads and writes), cutting cross-region latency by 35%.
        - Reviewed CQL schemas for 14 product teams; removed unbounded partitions and
          tombstone-heavy queue tables.
        - Built Prometheus exporters and Grafana dashboards for repairs, pending compactions and
          read latency; halved the pages sent to on-call.
        - Automated nightly snapshots and incremental backups to S3 with Medusa, with a restore
          drill every quarter.
        = Database Administrator, Altwood Telecom, Leeds | 03/2015 – 12/2018
        - Introduced Apache Cassandra for the SMS delivery platform and grew it from a 6-node
          pilot to 48 nodes.
        - Tuned compaction (leveled and time-window strategies) and JVM garbage collection for
          write-heavy tables.
        - Daily operations with nodetool: repairs, cleanup, decommission, node replacement.
        - Also administered PostgreSQL and MySQL for the billing systems.
        = Junior Database Administrator, Brightfield Insurance, Leeds | 09/2011 – 02/2015
        - Oracle 11g and SQL Server administration: backups, patching, user management.
        - Wrote Python and bash scripts to verify backups and report failed jobs.
        """,
    ),
    Example(
        filename="priya-raman-sre-cassandra.html",
        language="en",
        about="Site reliability engineer, 7 years on Cassandra (4 as a DBA), Kubernetes",
        labels=Labels(cassandra_dba="match"),
        title_lines=(
            "Priya Raman",
            "Site Reliability Engineer – distributed databases",
            "priya.raman@example.org · +44 20 7946 0874 · London · github.example.org/praman",
        ),
        markup="""
        # Summary
        Site reliability engineer with 10 years in operations, including more than 4 years as a
        database administrator and 7 years running Apache Cassandra at scale. I run stateful
        systems on Kubernetes, automate what I touch with Python and Terraform, and care about
        clear runbooks and calm incident response.

        # Experience
        = Senior Site Reliability Engineer, Streamvale (video streaming), London | 04/2021 – present
        - Run 14 Apache Cassandra 4.1 clusters (310 nodes) on Kubernetes with the K8ssandra
          operator across AWS and GCP regions.
        - Review Cassandra data models with product teams; moved watch-history tables to
          time-window compaction, cutting disk usage by 30%.
        - Tuned replication and consistency (RF 3 per region, LOCAL_QUORUM) and repair
          scheduling with Reaper.
        - Built backup and restore automation with Medusa to S3; documented and drilled
          full-region restores.
        - Prometheus and Grafana dashboards and SLOs for every database cluster; incident
          commander in the on-call rotation.
        - Also run Apache Kafka (Strimzi) and the Spark jobs that read from Cassandra.
        = Database Administrator, Quillmarsh Media, London | 01/2017 – 03/2021
        - Administered Apache Cassandra 3.11 (40 nodes) and MySQL for the publishing platform.
        - Daily work with nodetool, CQL and Linux (Ubuntu, CentOS): repairs, upgrades, node
          replacement and capacity planning.
        - Wrote Python tools that detect large partitions and tombstone-heavy tables.
        = Systems Administrator, Fernwick Hosting, Reading | 2014 – 2016
        - Linux administration, Nagios monitoring, MySQL backups, 24/7 support rotation.
        - Automated server builds with Ansible, cutting provisioning time from days to hours.

        # Talks
        - "Repairs without tears: scheduling Cassandra repairs on Kubernetes", local SRE meetup,
          2023.

        # Education
        = BSc Computer Science, University of Wexmoor | 2011 – 2014

        # Skills
        - Databases: Apache Cassandra, CQL, MySQL, PostgreSQL
        - Containers: Kubernetes, Helm, K8ssandra, Strimzi, Docker
        - Cloud: AWS, GCP, Terraform, Ansible
        - Observability: Prometheus, Grafana, Alertmanager
        - Languages: Python, Go (basic), bash; Linux

        # Languages
        - English (fluent)
        - Tamil (native)
        - French (A2)
        """,
    ),
    Example(
        filename="claire-dubois-dba-fr.docx",
        language="fr",
        about="Administratrice de bases de données Cassandra / NoSQL (French), 8 years on Cassandra",
        labels=Labels(cassandra_dba="match"),
        title_lines=(
            "Claire Dubois",
            "Administratrice de bases de données – Cassandra / NoSQL",
            "claire.dubois@example.org · +33 1 99 00 12 34 · Lyon, France",
        ),
        markup="""
        # Profil
        Administratrice de bases de données depuis 9 ans, spécialisée en Apache Cassandra depuis
        2016. J'administre des clusters multi-datacenters à forte volumétrie, j'accompagne les
        équipes de développement sur la modélisation des données et j'automatise l'exploitation
        (sauvegardes, réparations, supervision).

        # Expérience professionnelle
        = Administratrice de bases de données senior, Velorise (plateforme de mobilité), Lyon | depuis 01/2020
        - Administration de 6 clusters Apache Cassandra 4.1 (120 nœuds, 2 datacenters, 300 To).
        - Modélisation des données et revue des requêtes CQL avec 10 équipes de développement.
        - Réglage de la réplication (NetworkTopologyStrategy, facteur 3) et des niveaux de
          cohérence : 40 % de timeouts en lecture en moins.
        - Exploitation quotidienne avec nodetool : réparations, compactions, remplacement de
          nœuds, montées de version sans interruption de service.
        - Mise en place de la supervision avec Prometheus et Grafana et des alertes d'astreinte.
        - Sauvegardes et restaurations automatisées (snapshots, Medusa, stockage S3) avec un test
          de restauration chaque mois.
        = Administratrice de bases de données, Groupe Sarmance (assurance), Villeurbanne | 09/2015 – 12/2019
        - Migration de l'application de suivi des sinistres d'Oracle vers Apache Cassandra 3.11
          (18 nœuds).
        - Administration Linux (Red Hat, CentOS) des serveurs de bases de données, scripts bash
          et Python.
        - Intégration de Kafka pour alimenter les tables Cassandra en temps réel.
        - Administration PostgreSQL et Oracle 12c pour les applications historiques.
        = Stagiaire puis ingénieure d'exploitation, Datalune, Grenoble | 03/2014 – 08/2015
        - Supervision des serveurs Linux, gestion des sauvegardes, support aux utilisateurs.

        # Formation
        = Master Informatique, parcours systèmes et réseaux, Université de Rivemont | 2012 – 2014
        = Licence Informatique, Université de Rivemont | 2009 – 2012

        # Compétences techniques
        - Bases de données : Apache Cassandra (3.11, 4.x), CQL, PostgreSQL, Oracle
        - Exploitation : nodetool, cassandra-stress, Medusa, Reaper
        - Systèmes : Linux (Red Hat, Ubuntu), bash, Ansible, Docker, notions de Kubernetes
        - Données : Apache Kafka, Apache Spark (connecteur Cassandra)
        - Supervision : Prometheus, Grafana
        - Cloud : AWS (EC2, S3)

        # Langues
        - Français (langue maternelle)
        - Anglais (courant, TOEIC 945)
        - Espagnol (notions)

        # Centres d'intérêt
        Escalade, photographie argentique, bénévolat dans un repair café.
        """,
    ),
    Example(
        filename="jonas-weber-datenbankadministrator-de.pdf",
        language="de",
        about="Datenbankadministrator with Cassandra, Kafka and Kubernetes (German), 8 years on Cassandra",
        labels=Labels(cassandra_dba="match"),
        title_lines=(
            "Jonas Weber",
            "Datenbankadministrator (Apache Cassandra, Kafka)",
            "jonas.weber@example.org · +49 30 23125 678 · Berlin",
        ),
        markup="""
        # Kurzprofil
        Datenbankadministrator mit über 8 Jahren Berufserfahrung, fast alle davon mit Apache
        Cassandra in großen Produktionsumgebungen. Schwerpunkte: Betrieb und Skalierung
        verteilter Cluster, Datenmodellierung mit CQL, Streaming mit Kafka sowie Automatisierung
        mit Python und Ansible. Ich arbeite gern eng mit Entwicklungsteams zusammen und übernehme
        Verantwortung in der Rufbereitschaft.

        # Berufserfahrung
        = Senior Datenbankadministrator, Frachtwerk Logistik GmbH, Berlin | seit 04/2019
        - Betrieb von 5 Apache-Cassandra-Clustern (96 Knoten, 2 Rechenzentren) für die
          Sendungsverfolgung in Echtzeit.
        - Datenmodellierung und Review von CQL-Abfragen; Abbau von Hot Partitions und
          Tombstones.
        - Einstellung von Replikationsfaktor und Konsistenzstufen (LOCAL_QUORUM) je
          Anwendungsfall.
        - Wartung mit nodetool: Repairs, Compaction-Strategien, Austausch von Knoten, Rolling
          Upgrades auf Version 4.1.
        - Monitoring mit Prometheus und Grafana, Alerting und Runbooks für die Rufbereitschaft.
        - Backup und Restore mit Snapshots und Medusa, regelmäßige Wiederherstellungstests.
        - Anbindung von Apache Kafka und Spark-Jobs an Cassandra; Betrieb des
          K8ssandra-Operators auf Kubernetes in der Testumgebung.
        = Datenbankadministrator, Nordlicht Energie AG, Potsdam | 10/2016 – 03/2019
        - Einführung von Apache Cassandra 3.x für Zählerdaten (Smart Metering), Ausbau von 3 auf
          24 Knoten.
        - Administration von PostgreSQL und Oracle, Linux-Serverbetrieb (SUSE, Debian).
        - Automatisierung von Routineaufgaben mit Python und Bash.
        = Werkstudent IT-Betrieb, Datenhafen GmbH, Berlin | 2014 – 2016
        - Unterstützung im Linux-Betrieb und bei der Überwachung von MySQL-Datenbanken.
        - Entwicklung kleiner Python-Skripte für die Auswertung von Log-Dateien.

        # Sonstiges
        Vorträge auf einem Berliner Meetup zu Cassandra-Repairs und Kapazitätsplanung;
        ehrenamtlicher Trainer in einem Programmierkurs für Jugendliche.

        # Ausbildung
        = B.Sc. Informatik, Technische Hochschule Spreewald | 2012 – 2016
        Abschlussarbeit: „Konsistenzstufen in verteilten Datenbanken – Messungen mit Cassandra“

        # Kenntnisse
        - Datenbanken: Apache Cassandra, CQL, PostgreSQL, Oracle, MySQL
        - Betrieb: nodetool, Medusa, Reaper, Linux (Debian, SUSE, RHEL), Bash
        - Daten-Streaming: Apache Kafka, Apache Spark
        - Infrastruktur: Kubernetes, Ansible, Terraform, AWS
        - Monitoring: Prometheus, Grafana
        - Programmierung: Python

        # Sprachen
        - Deutsch (Muttersprache)
        - Englisch (verhandlungssicher, C1)
        - Französisch (Grundkenntnisse)
        """,
    ),
    Example(
        filename="oliver-grant-java-backend.pdf",
        language="en",
        about="Backend Java + PostgreSQL engineer; used Cassandra as a developer, never administered it",
        labels=Labels(cassandra_dba="partial", frontend_engineer="near_miss"),
        title_lines=(
            "Oliver Grant",
            "Backend Software Engineer – Java, Spring, PostgreSQL",
            "oliver.grant@example.org · +44 117 496 0782 · Bristol, UK",
        ),
        markup="""
        # Summary
        Backend engineer with 9 years of experience building Java services for logistics and
        banking. Strong in Spring Boot, PostgreSQL performance tuning and event-driven design
        with Kafka. In a small team without a dedicated DBA I have also run our own databases,
        which taught me replication, backups and query tuning the hard way. I have used
        Cassandra as a developer and would like to go deeper into distributed databases.

        # Experience
        = Senior Backend Engineer, Parcelbright, Bristol | 2020 – present
        - Design and build Spring Boot microservices (Java 17) for parcel routing, handling three
          million events a day through Apache Kafka.
        - Own the PostgreSQL 14 schema and its performance: query plans, indexing and
          partitioning of a 2 TB events table; p95 latency down from 480 ms to 90 ms.
        - Set up streaming replication and point-in-time recovery with pgBackRest, tested
          every month.
        - Wrote a read-model service on Apache Cassandra (developer side: CQL queries and table
          design, reviewed by the platform team).
        - Monitoring with Prometheus and Grafana; on-call for the routing platform.
        = Java Developer, Hollin Bank, Bath | 04/2016 – 12/2019
        - Built REST APIs for the mortgage application platform with Spring and Hibernate on
          Oracle and PostgreSQL.
        - Wrote stored procedures and tuned slow SQL reports together with the DBA team.
        - Moved builds from Ant to Maven and introduced integration tests with Testcontainers.
        = Graduate Developer, Tessel Systems, Swindon | 09/2014 – 03/2016
        - Maintained Java and JavaScript (jQuery) features of an internal stock management web
          application.

        # Education
        = MEng Computer Science, University of Calderbridge | 2010 – 2014

        # Skills
        - Languages: Java (8–17), Kotlin (basic), SQL, Python (scripting), JavaScript (basic)
        - Frameworks: Spring Boot, Spring Data, Hibernate, JUnit 5, Testcontainers
        - Data: PostgreSQL, Oracle, Apache Kafka, Redis, Cassandra (as a developer)
        - Operations: Docker, Kubernetes deployments, Linux, GitLab CI, Prometheus, Grafana

        # Languages
        - English (native)
        - German (B1)
        """,
    ),
    Example(
        filename="aisha-rahman-oracle-dba.docx",
        language="en",
        about="Oracle and SQL Server DBA: the right job title, no Cassandra or NoSQL",
        labels=Labels(cassandra_dba="near_miss"),
        title_lines=(
            "Aisha Rahman",
            "Database Administrator – Oracle and SQL Server",
            "aisha.rahman@example.org · +44 121 496 0219 · Birmingham, UK",
        ),
        markup="""
        # Professional summary
        Certified Oracle and Microsoft SQL Server database administrator with 8 years of
        experience in banking and retail. I keep relational databases fast, patched and
        recoverable: high availability, backup and recovery, performance tuning and security
        audits. Known for careful change management and clear documentation.

        # Experience
        = Senior Database Administrator, Greyfield Bank, Birmingham | 2020 – present
        - Administer 120 Oracle 19c databases on Linux (RHEL), including Data Guard replication
          between two datacenters.
        - Backup and restore with RMAN; quarterly disaster-recovery tests with a recovery time
          under two hours.
        - Performance tuning with AWR reports, SQL plan baselines and indexing; month-end batch
          runtime reduced by 45%.
        - Monitoring with Oracle Enterprise Manager and Grafana; on-call one week in five.
        - Automated patching and user provisioning with Ansible and Python scripts.
        = Database Administrator, Marlowe Retail Group, Coventry | 03/2017 – 12/2019
        - Ran SQL Server 2014 and 2016 Always On availability groups for store and e-commerce
          systems.
        - Migrated 30 databases to SQL Server 2016 with less than one hour of downtime each.
        - Wrote T-SQL maintenance jobs for index rebuilds, statistics and integrity checks.
        = IT Support Analyst, Marlowe Retail Group, Coventry | 09/2015 – 02/2017
        - First-line support, Windows Server administration and SQL reporting.
        - Built the SQL reports that store managers used for weekly stock counts, which led to
          my move into the database team.

        # Education
        = BSc Information Systems, University of Ashcombe | 2012 – 2015

        # Certifications
        - Oracle Database Administration Certified Professional (19c)
        - Microsoft Certified: Azure Database Administrator Associate

        # Skills
        - Oracle 12c and 19c, RMAN, Data Guard, RAC, PL/SQL
        - SQL Server, T-SQL, Always On availability groups
        - Linux (RHEL), Windows Server, bash, PowerShell, Python
        - Ansible, Grafana, Oracle Enterprise Manager

        # Languages
        - English (native)
        - Urdu (fluent)
        """,
    ),
)

_TECH_CVS: tuple[Example, ...] = (
    Example(
        filename="maya-okafor-frontend-engineer.docx",
        language="en",
        about="Front-end engineer (React, TypeScript) with some PHP and MySQL; skills in a table",
        labels=Labels(cassandra_dba="near_miss", frontend_engineer="match"),
        title_lines=(
            "Maya Okafor",
            "Front-End Engineer",
            "maya.okafor@example.org · +44 161 496 0457 · Leeds, UK · example.org/maya",
        ),
        markup="""
        # Profile
        Front-end engineer with 7 years of experience building web applications, the last five
        in React and TypeScript. I care about accessible interfaces, clean component APIs and
        fast pages. I also work on the PHP and MySQL side of the features I ship, mostly small
        endpoints, queries and migrations.

        # Work experience
        = Front-End Engineer, Tallyhall (e-commerce platform), Leeds | 2020 – present
        - Build the checkout and account pages of a React 18 and TypeScript single-page app used
          by 1.2 million shoppers a month.
        - Created a component library with Storybook and styled-components, now used by four
          teams.
        - Raised the Lighthouse performance score from 58 to 91 with code splitting, image
          optimisation and memoisation.
        - Wrote Jest and React Testing Library tests (coverage from 40% to 78%) and Cypress
          end-to-end tests.
        - Added REST endpoints in PHP 8 (Laravel) and wrote MySQL queries and migrations for new
          checkout features.
        = Web Developer, Kestrel Digital Agency, Sheffield | 06/2017 – 12/2019
        - Built marketing sites and small web shops for more than 30 clients with JavaScript,
          jQuery, SCSS and WordPress.
        - Migrated two client projects from jQuery to React.
        - Maintained PHP templates and MySQL databases for WordPress and WooCommerce sites.
        = Junior Developer (placement year), Orrin Software, Sheffield | 07/2016 – 06/2017
        - Fixed front-end bugs and wrote unit tests for an internal support tool.

        # Skills
        | Area | Tools | Level |
        | Front end | React, TypeScript, JavaScript (ES2022), HTML5, CSS3, SCSS | Expert |
        | Testing | Jest, React Testing Library, Cypress | Advanced |
        | Tooling | Vite, Webpack, Storybook, Git, GitHub Actions | Advanced |
        | Back end | PHP 8, Laravel, Node.js (basic) | Intermediate |
        | Databases | MySQL 8 | Intermediate |
        | Design | Figma, accessibility (WCAG 2.1) | Advanced |

        # Education
        = BSc Software Engineering, University of Kirkhaven | 2013 – 2017

        # Languages
        - English (native)
        - Igbo (conversational)
        - Spanish (A2)
        """,
    ),
    Example(
        filename="daniel-kim-react-developer.md",
        language="en",
        about="Front-end developer: React, TypeScript, Next.js, testing, accessibility",
        labels=Labels(frontend_engineer="match"),
        title_lines=(
            "Daniel Kim",
            "Front-End Developer – React, TypeScript, Next.js",
            "daniel.kim@example.org · Lisbon, Portugal · example.org/danielkim",
        ),
        markup="""
        # Summary
        Front-end developer with 5 years of experience shipping React and TypeScript
        applications for SaaS products. I build accessible design-system components, write
        tests by default and like to measure performance before optimising it. Comfortable
        working remotely and asynchronously across time zones.

        # Experience
        = Front-End Developer, Cadence Loop (SaaS for event organisers), remote | 2021 – present
        - Lead developer of the organiser dashboard: React 18, TypeScript, Redux Toolkit and
          React Query.
        - Built more than 40 components of the company design system in Storybook and documented
          accessibility patterns (WCAG 2.1 AA).
        - Migrated the marketing site to Next.js with server-side rendering; Largest Contentful
          Paint went from 4.1 s to 1.6 s.
        - Set up Playwright end-to-end tests in GitHub Actions and raised Jest and React Testing
          Library coverage to 85%.
        - Worked with back-end engineers on GraphQL schema design and REST API contracts.
        = Junior Front-End Developer, Brightlane Studio, Porto | 09/2019 – 12/2020
        - Built responsive web apps for clients in React and JavaScript, with CSS modules and
          Sass.
        - Turned Figma designs into reusable components; introduced ESLint and Prettier.
        = Intern, Nautilo Labs, Lisbon | 02/2019 – 08/2019
        - Front-end fixes and unit tests in an Angular application.

        # Projects
        - Maintainer of a small open-source React hook library for keyboard shortcuts
          (1,200 stars on GitHub).
        - Speaker at a local JavaScript meetup: "Measuring what users feel: Core Web Vitals in
          practice".

        # Education
        = BSc Computer Engineering, Instituto Politécnico de Ribamar | 2015 – 2019

        # Skills
        - React, TypeScript, JavaScript, Next.js, Redux Toolkit, React Query
        - HTML5, CSS3, Sass, CSS modules, styled-components
        - Jest, React Testing Library, Playwright, Storybook
        - Git, GitHub Actions, Vite, Webpack
        - Figma, accessibility, Core Web Vitals
        - Node.js (basic), GraphQL

        # Languages
        - English (fluent, C1)
        - Portuguese (fluent)
        - Korean (native)
        """,
    ),
    Example(
        filename="zoe-carter-graphic-designer.html",
        language="en",
        about="Graphic designer (brand, print, Figma) who builds simple HTML/CSS pages",
        labels=Labels(frontend_engineer="near_miss"),
        title_lines=(
            "Zoe Carter",
            "Graphic Designer – brand and digital",
            "zoe.carter@example.org · Glasgow, UK · example.org/zoecarter",
        ),
        markup="""
        # About me
        Graphic designer with 7 years of experience creating brand identities, print and digital
        campaigns for agencies and in-house teams. Confident with typography, layout and colour;
        I also build simple web pages in HTML and CSS and prepare design files that developers
        enjoy working with.

        # Experience
        = Senior Graphic Designer, Thistle & Pine Creative, Glasgow | 2021 – present
        - Lead designer for the brand refreshes of 12 clients, from logo and typography to full
          guidelines.
        - Design social media campaigns, motion graphics and email templates; two campaigns won
          regional design awards.
        - Prepare Figma design systems and hand-off files for web developers.
        - Present concepts to clients and mentor two junior designers.
        = Graphic Designer, Riverside Press, Edinburgh | 04/2018 – 2021
        - Laid out magazines, annual reports and packaging with InDesign, Illustrator and
          Photoshop.
        - Built campaign landing pages in HTML, CSS and a little JavaScript.
        - Managed print production with suppliers: proofs, colour checks and paper stocks.
        = Junior Designer, Blackthorn Studio, Dundee | 2017 – 2018
        - Posters, flyers and social graphics for local arts venues.

        # Education
        = BA (Hons) Graphic Design, Northbridge School of Art | 2013 – 2017

        # Skills
        - Adobe Illustrator, Photoshop, InDesign, After Effects
        - Figma, prototyping, design systems
        - Typography, branding, print production
        - HTML, CSS, basic JavaScript

        # Languages
        - English (native)
        - French (B1)

        # Projects
        = Open Type Week poster series | 2023
        A series of twelve typographic posters for a city-wide festival, printed by hand and
        adapted into animated versions for social media.
        = Accessible colour guide for charities | 2022
        A free guide showing small charities how to pick colour pairs with enough contrast for
        print and screen, now used by three local organisations.

        # Interests
        Screen printing, hill walking and volunteering at a community darkroom.
        """,
    ),
)

_CARE_CVS: tuple[Example, ...] = (
    Example(
        filename="grace-thompson-icu-nurse.md",
        language="en",
        about="Registered nurse, 5 years in adult intensive care, ALS",
        labels=Labels(icu_nurse="match"),
        title_lines=(
            "Grace Thompson",
            "Registered Nurse – Adult Intensive Care",
            "grace.thompson@example.org · +44 117 496 0355 · Bristol, UK",
        ),
        markup="""
        # Personal statement
        Registered nurse with 7 years of experience, the last 5 in adult intensive care. I care
        for ventilated patients and patients with multi-organ failure, lead night shifts as nurse
        in charge and mentor students and newly qualified nurses. I value teamwork, honest
        communication with families and evidence-based practice.

        # Experience
        = Senior Staff Nurse, Intensive Care Unit, Kingsmead University Hospital, Bath | 2021 – present
        - Care for one or two critically ill patients per shift in a 20-bed general ICU:
          mechanical ventilation, vasopressors, sedation and continuous renal replacement
          therapy.
        - Manage arterial and central lines, interpret arterial blood gases and titrate
          infusions to protocol.
        - Nurse in charge on night shifts twice a week: bed management, staffing and escalation
          to the intensivist.
        - Infection-control link nurse; led an audit that cut central-line infections by a third.
        - Supervise nursing students and support families during end-of-life care.
        = Staff Nurse, Intensive Care Unit, Kingsmead University Hospital, Bath | 03/2019 – 2021
        - Completed the unit's critical care competency programme.
        - Cared for patients needing proning and high-flow oxygen during the pandemic.
        = Staff Nurse, Acute Medical Unit, St Aldric's Hospital, Swindon | 09/2017 – 02/2019
        - Care of acutely unwell medical patients; early warning scores and the sepsis pathway.
        - Preceptorship completed; rotated through the respiratory high-care beds.

        # Education
        = BSc (Hons) Adult Nursing, University of Westbrook | 2014 – 2017
        = Post-registration course in Critical Care Nursing | 2020

        # Certifications
        - Registered Nurse (Adult), registration current
        - Advanced Life Support (ALS), renewed 2023

        # Skills
        - Mechanical ventilation and weaning, tracheostomy care
        - Haemodynamic monitoring, arterial and central lines
        - Continuous renal replacement therapy, infusion pumps, medicines management
        - Electronic patient records, SBAR handover
        - Teaching and mentoring of students and new starters

        # Languages
        - English (native)
        - French (basic)
        """,
    ),
    Example(
        filename="nadia-hughes-healthcare-assistant.txt",
        language="en",
        about="Healthcare assistant in critical care, studying nursing: not yet a registered nurse",
        labels=Labels(icu_nurse="near_miss"),
        title_lines=(
            "Nadia Hughes",
            "Healthcare Assistant – Critical Care",
            "nadia.hughes@example.org | 0117 496 0912 | Bristol",
        ),
        markup="""
        # Profile
        Caring and reliable healthcare assistant with 5 years of experience, including 3 years
        supporting nurses in an intensive care unit. I am studying part-time for a nursing
        degree and hope to qualify as a registered nurse in 2026. Patient, observant and good
        at keeping relatives calm and informed.

        # Employment history
        = Healthcare Assistant, Critical Care Unit, Kingsmead University Hospital, Bath | 2021 – present
        - Support registered nurses with personal care, repositioning and pressure-area care of
          ventilated patients.
        - Record vital signs, fluid balance and blood glucose, and report changes to the nurse
          in charge.
        - Restock bed spaces, prepare equipment for admissions and help the proning team.
        - Comfort relatives and keep them informed within the limits of my role.
        = Care Assistant, Hollybank Nursing Home, Bristol | 06/2019 – 2021
        - Personal care for 12 residents living with dementia; helped with medication rounds and
          kept care plans up to date on a digital system.
        = Retail Assistant, Marsh & Field Stores, Bristol | 2016 – 2019
        - Customer service, cash handling and training of new staff.
        - Employee of the quarter twice for helping older customers and colleagues.

        # Achievements
        - Completed the critical care support worker competency booklet in my first year.
        - Helped the ward team set up a relatives' information board, praised in a patient
          experience survey.
        - Trained six new healthcare assistants in pressure-area care and safe manual handling.

        # Education
        = BSc Nursing (part-time, year 2 of 4), University of Westbrook | 2022 – present
        = Care Certificate | 2019
        = A-levels: Biology, Psychology, English | 2016

        # Skills
        - Basic life support, infection prevention and control, manual handling
        - Observations, NEWS2 scoring, fluid balance charts
        - Dementia care and communication with families
        - Microsoft Office and electronic care records

        # Languages
        - English (native)
        - Polish (conversational)
        """,
    ),
    Example(
        filename="lucia-fernandez-enfermera-uci-es.html",
        language="es",
        about="Enfermera de cuidados intensivos (Spanish ICU nurse), IELTS 7.0",
        labels=Labels(icu_nurse="match"),
        title_lines=(
            "Lucía Fernández Ortega",
            "Enfermera de cuidados intensivos (UCI)",
            "lucia.fernandez@example.org · Valencia, España",
        ),
        markup="""
        # Perfil profesional
        Enfermera con 8 años de experiencia, 6 de ellos en la unidad de cuidados intensivos de
        un hospital universitario. Experiencia con pacientes con ventilación mecánica, soporte
        vasoactivo y técnicas de depuración extrarrenal. Busco una nueva etapa profesional en el
        Reino Unido; inglés de nivel C1 (IELTS 7.0).

        # Experiencia profesional
        = Enfermera de UCI, Hospital Universitario Almenara, Valencia | 2018 – actualidad
        - Cuidados a pacientes críticos en una UCI polivalente de 18 camas: ventilación mecánica
          invasiva y no invasiva, sedoanalgesia y fármacos vasoactivos.
        - Manejo de catéteres arteriales y venosos centrales e interpretación de gasometrías
          arteriales.
        - Técnicas continuas de depuración extrarrenal y apoyo a pacientes con ECMO.
        - Referente de la unidad en la prevención de la neumonía asociada a ventilación
          mecánica.
        - Acompañamiento a las familias y cuidados al final de la vida.
        - Tutora de estudiantes de enfermería en prácticas.
        = Enfermera de urgencias, Hospital Comarcal de Benisalt | 06/2016 – 2018
        - Triaje, atención a pacientes graves en el box de críticos y reanimación
          cardiopulmonar.
        - Administración de medicación e infusiones intravenosas.

        # Formación
        = Grado en Enfermería, Universidad de Castellmar | 2012 – 2016
        = Máster en Cuidados Críticos y Urgencias, Universidad de Castellmar | 2018 – 2019

        # Certificaciones
        - Soporte Vital Avanzado (ALS), renovado en 2023
        - Colegiada en el colegio oficial de enfermería de Valencia

        # Competencias
        - Ventilación mecánica y destete
        - Monitorización hemodinámica
        - Administración segura de medicación e infusiones
        - Historia clínica electrónica
        - Trabajo en equipo multidisciplinar
        - Formación de estudiantes y nuevos profesionales

        # Otros datos
        Participación en el grupo de trabajo de humanización de la UCI: horarios de visita
        flexibles y diario de paciente para las familias. Disponibilidad para trasladarme al
        Reino Unido en un plazo de tres meses.

        # Idiomas
        - Español (nativo)
        - Valenciano (nativo)
        - Inglés (C1, IELTS 7.0)
        """,
    ),
)

_OTHER_CVS: tuple[Example, ...] = (
    Example(
        filename="sophie-marchand-comptable-fr.txt",
        language="fr",
        about="Comptable (French accountant); the one file encoded in cp1252, not UTF-8",
        encoding="cp1252",
        title_lines=(
            "Sophie Marchand",
            "Comptable – 9 ans d'expérience en cabinet et en entreprise",
            "sophie.marchand@example.org · +33 1 99 00 45 67 · Nantes",
        ),
        markup="""
        # Profil
        Comptable rigoureuse et organisée, j'ai travaillé en cabinet d'expertise comptable puis
        en entreprise. Je gère la comptabilité générale jusqu'au bilan, les déclarations
        fiscales et la relation avec les commissaires aux comptes. Je cherche un poste de
        comptable unique ou de responsable comptable dans une PME.

        # Expérience professionnelle
        = Comptable générale, Brasserie des Salines (PME agroalimentaire, 85 salariés), Nantes | depuis 2019
        - Tenue de la comptabilité générale, fournisseurs et clients ; rapprochements bancaires.
        - Préparation des clôtures mensuelles et du bilan annuel avec le cabinet d'expertise.
        - Déclarations de TVA, suivi des immobilisations et des amortissements.
        - Dématérialisation des factures fournisseurs : délai de traitement divisé par deux.
        - Suivi de la trésorerie (budget annuel de 12 M€) et relances clients.
        = Assistante comptable puis comptable, Cabinet Lemoine & Associés, Saint-Nazaire | 09/2015 – 12/2018
        - Gestion d'un portefeuille de 45 dossiers (artisans, commerçants, professions
          libérales).
        - Saisie, révision des comptes et préparation des liasses fiscales.
        - Établissement des bulletins de paie pour une dizaine de très petites entreprises.
        = Alternance, service comptable, Coopérative agricole de l'Erdre | 2013 – 2015
        - Saisie des factures, lettrage des comptes et classement.
        - Participation à l'inventaire annuel des stocks d'engrais et de semences.

        # Formation
        = DCG (diplôme de comptabilité et de gestion), en alternance | 2015
        = BTS Comptabilité et gestion, Lycée Jules-Ferrand, Nantes | 2013

        # Compétences
        - Logiciels : Sage 100, Cegid, Excel avancé (tableaux croisés dynamiques)
        - Fiscalité : TVA, impôt sur les sociétés, CFE
        - Paie et déclarations sociales (DSN)
        - Cœur de métier : clôtures, révision, analyse des écarts budgétaires

        # Langues
        - Français (langue maternelle)
        - Anglais (intermédiaire, B1)

        # Centres d'intérêt
        Chorale, randonnée, trésorière bénévole d'un club de handball.
        """,
    ),
    Example(
        filename="hannah-lewis-accountant.pdf",
        language="en",
        about="Chartered accountant and financial controller",
        title_lines=(
            "Hannah Lewis",
            "Chartered Accountant (ACA) – Financial Controller",
            "hannah.lewis@example.org · +44 115 496 0628 · Nottingham, UK",
        ),
        markup="""
        # Profile
        Qualified chartered accountant with 11 years of experience in audit and in-house
        financial reporting. I run the month-end close for a group of six companies, prepare
        statutory accounts and lead the budgeting process. Strong Excel and ERP skills; I like
        turning messy processes into reliable routines.

        # Experience
        = Financial Controller, Ferrowell Engineering Ltd, Derby | 2020 – present
        - Lead a team of four; month-end close in five working days for six UK and Irish
          entities.
        - Prepare statutory accounts under FRS 102 and manage the annual external audit.
        - Own the annual budget and quarterly reforecasts (turnover £48m).
        - Implemented a new ERP general ledger and automated intercompany reconciliations.
        - VAT returns, cash-flow forecasting and bank covenant reporting.
        = Audit Senior, Hartley Crane LLP, Nottingham | 09/2015 – 06/2020
        - Planned and led audits of manufacturing and charity clients with turnover up to £120m.
        - Supervised teams of up to five trainees and reviewed their working papers.
        - Qualified as a chartered accountant (ACA) in 2018.
        = Accounts Assistant, Pennine Foods, Leicester | 2013 – 2015
        - Purchase and sales ledgers, bank reconciliations and expense claims.

        # Education
        = BA Accounting and Finance, University of Ashcombe | 2010 – 2013

        # Skills
        - Financial reporting (FRS 102, IFRS), consolidation, audit
        - Budgeting, forecasting, variance analysis
        - Excel (Power Query, pivot tables), NetSuite, Sage 200, Power BI
        - Team leadership and training

        # Achievements
        - Cut the month-end close from nine to five working days in two years.
        - Led the finance side of the acquisition of a small Irish competitor, including due
          diligence and the first consolidation.
        - Mentored three trainees through their accountancy exams.

        # Languages
        - English (native)
        - Spanish (B1)

        # Interests
        Treasurer of a community orchestra, long-distance running and baking bread.
        """,
    ),
    Example(
        filename="marco-silva-hgv-driver.txt",
        language="en",
        about="HGV Class 1 (C+E) driver and transport planner",
        title_lines=(
            "Marco Silva",
            "HGV Class 1 Driver / Transport Planner",
            "marco.silva@example.org | 07700 900418 | Northampton, UK",
        ),
        markup="""
        # Profile
        Professional HGV Class 1 (C+E) driver with 13 years of safe driving across the UK and
        Europe, and 2 years as a transport planner. Clean licence, Driver CPC up to date and an
        ADR certificate for dangerous goods. Known for on-time deliveries, careful load security
        and good relations with customers.

        # Experience
        = Transport Planner and Class 1 Driver, Hallam Freight Services, Northampton | 2022 – present
        - Plan daily routes for a fleet of 25 articulated vehicles in a transport management
          system.
        - Balance drivers' hours under the UK and EU rules and the working time directive.
        - Drive trunking routes to Midlands and northern distribution centres two days a week.
        - Handle delivery issues with customers and warehouses; missed time slots down by 20%.
        = HGV Class 1 Driver, Continental Roadways, Felixstowe | 03/2014 – 2022
        - International container haulage to France, Belgium, the Netherlands and Germany.
        - Tachograph management, CMR consignment notes and customs documents.
        - ADR deliveries of chemicals, packaged and in tankers.
        - No accidents and no penalty points in eight years.
        - Chosen to run the company's first refrigerated service to Rotterdam, keeping
          temperature records for every load.
        = Delivery Driver (Class 2), Greenway Builders' Merchants, Ipswich | 2011 – 2014
        - Multi-drop deliveries with lorry-mounted crane offloading to building sites.

        # Licences and certificates
        - Category C+E licence and Driver CPC (renewed 2023)
        - ADR certificate (packages and tanks)
        - Counterbalance forklift certificate
        - Digital tachograph card

        # Skills
        - Route planning, load security, daily vehicle checks
        - Transport management software, Microsoft Excel
        - Customer service and problem solving
        - Training new drivers on routes, paperwork and safe coupling

        # Education
        = Secondary education, Braga, Portugal | 2003 – 2008

        # Languages
        - English (fluent)
        - Portuguese (native)
        - Spanish (basic)
        """,
    ),
    Example(
        filename="samuel-adeyemi-head-chef.md",
        language="en",
        about="Head chef, 14 years in professional kitchens",
        title_lines=(
            "Samuel Adeyemi",
            "Head Chef",
            "samuel.adeyemi@example.org · 07700 900731 · Cardiff, UK",
        ),
        markup="""
        # Summary
        Head chef with 14 years in professional kitchens, from busy hotel brasseries to a
        fine-dining restaurant. I write seasonal menus, run a brigade of ten, control food costs
        and keep the kitchen safe and calm through a 200-cover service.

        # Experience
        = Head Chef, The Saltmarsh Kitchen, Cardiff | 2019 – present
        - Run a 90-seat restaurant serving 200 covers a day with a brigade of ten chefs and
          porters.
        - Write four seasonal menus a year with local farms and fishermen; food gross profit up
          from 64% to 71%.
        - Keep a five-star food hygiene rating: HACCP plans, allergen matrix, temperature logs.
        - Recruit and train staff; two commis chefs promoted to chef de partie.
        = Sous Chef, Glenmoor Hotel, Bath | 03/2015 – 2019
        - Ran the kitchen on the head chef's days off and cooked banquets for up to 300 guests.
        - Stock ordering, rota planning and supplier negotiations.
        = Chef de Partie, Larchwood Brasserie, Bristol | 2012 – 2015
        - Sauce and fish sections; trained commis chefs.
        = Commis Chef, hotel kitchens in Lagos and London | 2010 – 2012
        - Prepared vegetables, stocks and staff meals; learned every section of the kitchen.
        - Worked breakfast, banquet and à la carte services in a 250-room hotel.

        # Education
        = Professional Cookery Diploma (Level 3), Severnside College | 2008 – 2010

        # Skills
        - Menu development, recipe costing and gross-profit control
        - Food safety (Level 4 Food Hygiene), HACCP, allergen management
        - Kitchen leadership, rota planning, stock control
        - West African, modern British and French cooking

        # Languages
        - English (native)
        - Yoruba (native)
        - French (basic)

        # Interests
        Foraging along the Welsh coast, teaching cookery classes at a youth centre and judging
        a regional young chef competition every spring.
        """,
    ),
)

CVS: tuple[Example, ...] = _DBA_CVS + _TECH_CVS + _CARE_CVS + _OTHER_CVS
