-- pgai-spring's catalog becomes pgai 0.12.1's catalog for everything pgai defines: the same tables,
-- views, functions, signatures, defaults, returned JSON, error messages and trigger semantics, so
-- that one migration behaves the same on both and pgai's own worker and tooling run on ours.
-- Written from pgai's documented and observed behaviour (CatalogParityIntegrationTests compares
-- the two call by call). What pgai-spring adds on top is marked "pgai-spring:" and is additive:
-- a hint on errors, ai.embedding_local, HNSW indexing without TimescaleDB scheduling, and chunk
-- sizes checked at creation.
--
-- Existing vectorizers are upgraded in place: catalog rows, queues, stores and their data stay.

-------------------------------------------------------------------------------
-- the version pgai's worker and installer read
-------------------------------------------------------------------------------
create table if not exists ai.pgai_lib_version
( name text not null primary key
, version text not null
, installed_at timestamptz not null default clock_timestamp()
);
insert into ai.pgai_lib_version (name, version) values ('ai', '0.12.1')
on conflict (name) do update set version = excluded.version, installed_at = clock_timestamp();

-------------------------------------------------------------------------------
-- what V1-V3 defined and pgai defines differently
-------------------------------------------------------------------------------
-- The roles granted on the catalog's table, sequence and views (V1 granted ai.grant_to roles select
-- on them), to be granted the same on what replaces them below.
create temporary table _pgai_spring_v3_grants on commit drop as
select c.relname, a.privilege_type, a.grantee
from pg_class c
join pg_namespace n on (n.oid = c.relnamespace)
cross join lateral aclexplode(c.relacl) a
where n.nspname = 'ai'
  and c.relname in ('vectorizer', 'vectorizer_id_seq', 'vectorizer_errors', 'vectorizer_status')
  and a.grantee <> c.relowner;

drop view if exists ai.vectorizer_status;
drop view if exists ai.vectorizer_errors;

do $upgrade$
declare
    _v record;
begin
    for _v in select id, source_schema, source_table from ai.vectorizer loop
        if to_regclass(format('%I.%I', _v.source_schema, _v.source_table)) is not null then
            execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_' || _v.id, _v.source_schema, _v.source_table);
            execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_truncate_' || _v.id, _v.source_schema, _v.source_table);
        end if;
        execute format('drop function if exists ai.%I()', '_vectorizer_src_trg_' || _v.id);
        execute format('drop function if exists ai.%I()', '_vectorizer_src_trg_truncate_' || _v.id);
    end loop;
end
$upgrade$;

-- create_vectorizer first: its defaults call the builders
drop function ai.create_vectorizer(regclass, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, name, name, name[], boolean, boolean);
drop function ai.loading_column(name, int);
drop function ai.parsing_auto();
drop function ai.parsing_none();
drop function ai.destination_table(name, name, name, name, name);
drop function ai.chunking_character_text_splitter(int, int, text, boolean);
drop function ai.chunking_recursive_character_text_splitter(int, int, text[], boolean);
drop function ai.chunking_none();
drop function ai.formatting_python_template(text);
drop function ai.embedding_openai(text, int, text, text, text);
drop function ai.embedding_ollama(text, int, text, jsonb, text);
drop function ai.embedding_local(text, int);
drop function ai.indexing_none();
drop function ai.indexing_default();
drop function ai.indexing_hnsw(int, text, int, int, boolean);
drop function ai.processing_default(int, int);
drop function ai.scheduling_none();
drop function ai.scheduling_default();
drop function ai.grant_to(name[]);
drop function ai._pk_columns(jsonb, text);
drop function ai._pk_match(jsonb, text, text);
drop function ai._create_source_triggers(int);
drop function ai._check_chunk_sizes(int, int);
drop function ai.drop_vectorizer(int, boolean);
drop function ai.drop_vectorizer(text, boolean);
drop function ai.vectorizer_queue_pending(int, boolean);
drop function ai.vectorizer_queue_pending(text, boolean);

-------------------------------------------------------------------------------
-- ai.vectorizer in pgai's column order, with trigger_name and name typed name; rebuilt, as
-- PostgreSQL cannot reorder columns. Ids, and with them queue and trigger names, stay.
-------------------------------------------------------------------------------
alter table ai._vectorizer_errors drop constraint _vectorizer_errors_id_fkey;
alter table ai.vectorizer rename to _vectorizer_v3;
alter table ai._vectorizer_v3 rename constraint vectorizer_pkey to _vectorizer_v3_pkey;
alter table ai._vectorizer_v3 rename constraint vectorizer_name_key to _vectorizer_v3_name_key;
alter table ai._vectorizer_v3 rename constraint vectorizer_name_check to _vectorizer_v3_name_check;
alter sequence ai.vectorizer_id_seq rename to _vectorizer_v3_id_seq;

create table ai.vectorizer
( id int not null primary key generated by default as identity
, source_schema name not null
, source_table name not null
, source_pk jsonb not null
, trigger_name name not null
, queue_schema name
, queue_table name
, config jsonb not null
, disabled boolean not null default false
, queue_failed_table name
, name name not null check (name ~ '^[a-z][a-z_0-9]*$')
, constraint vectorizer_name_unique unique (name)
);

insert into ai.vectorizer (id, source_schema, source_table, source_pk, trigger_name, queue_schema, queue_table,
    config, disabled, queue_failed_table, name)
select id, source_schema, source_table, source_pk, '_vectorizer_src_trg_' || id, queue_schema, queue_table,
    -- pgai resolves the defaults when the vectorizer is made; pgai-spring's worker read an unresolved
    -- indexing default as HNSW from 100,000 rows on, so that is what these vectorizers keep.
    config
        || jsonb_build_object('version', '0.12.1+pgai-spring.4')
        || case when config->'indexing'->>'implementation' = 'default'
                then jsonb_build_object('indexing', jsonb_build_object('implementation', 'hnsw', 'config_type', 'indexing',
                    'min_rows', 100000, 'opclass', 'vector_cosine_ops', 'create_when_queue_empty', true))
                else '{}'::jsonb end
        || case when config->'scheduling'->>'implementation' = 'default'
                then jsonb_build_object('scheduling', jsonb_build_object('implementation', 'none', 'config_type', 'scheduling'))
                else '{}'::jsonb end
        || jsonb_build_object('destination', (config->'destination') - 'destination'),
    disabled, queue_failed_table, name
from ai._vectorizer_v3;
-- the sequence goes on where it was, so that no id (and no queue name) is used twice
select setval('ai.vectorizer_id_seq', greatest(s.last_value, coalesce(m.id, 0), 1), s.is_called or m.id is not null)
from ai._vectorizer_v3_id_seq s, (select max(id) as id from ai.vectorizer) m;
drop table ai._vectorizer_v3;

alter table ai._vectorizer_errors add constraint vectorizer_errors_id_fkey
    foreign key (id) references ai.vectorizer (id) on delete cascade;

create view ai.vectorizer_errors as
select ve.id, ve.message, ve.details, ve.recorded, v.name
from ai._vectorizer_errors ve
left join ai.vectorizer v on (ve.id = v.id);

-------------------------------------------------------------------------------
-- worker tracking, as pgai's workers report it
-------------------------------------------------------------------------------
create table ai.vectorizer_worker_process
( id uuid not null primary key default gen_random_uuid()
, version text not null
, started timestamptz not null default now()
, expected_heartbeat_interval interval not null
, last_heartbeat timestamptz not null default now()
, heartbeat_count int not null default 0
, error_count int not null default 0
, success_count int not null default 0
, last_error_at timestamptz null default null
, last_error_message text null default null
);
create index on ai.vectorizer_worker_process (last_heartbeat);

-- No foreign keys to the process table: a progress row must never fail to be written.
create table ai.vectorizer_worker_progress
( vectorizer_id int primary key not null references ai.vectorizer (id) on delete cascade
, success_count int not null default 0
, error_count int not null default 0
, last_success_at timestamptz null default null
, last_success_process_id uuid null default null
, last_error_at timestamptz null default null
, last_error_message text null default null
, last_error_process_id uuid null default null
);

create function ai._worker_start(version text, expected_heartbeat_interval interval) returns uuid
language sql security invoker set search_path to pg_catalog, pg_temp as $$
    insert into ai.vectorizer_worker_process (version, expected_heartbeat_interval)
    values (version, expected_heartbeat_interval)
    returning id
$$;

create function ai._worker_heartbeat(worker_id uuid, num_successes_since_last_heartbeat int,
    num_errors_since_last_heartbeat int, error_message text) returns void
language plpgsql security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _now timestamptz := clock_timestamp();
begin
    update ai.vectorizer_worker_process p
    set last_heartbeat = _now
      , heartbeat_count = p.heartbeat_count + 1
      , error_count = p.error_count + num_errors_since_last_heartbeat
      , success_count = p.success_count + num_successes_since_last_heartbeat
      , last_error_message = coalesce(error_message, p.last_error_message)
      , last_error_at = case when error_message is null then p.last_error_at else _now end
    where p.id = worker_id;
end
$$;

create function ai._worker_progress(worker_id uuid, worker_vectorizer_id int, num_successes int,
    error_message text) returns void
language plpgsql security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _now timestamptz := clock_timestamp();
    _failed boolean := error_message is not null;
begin
    insert into ai.vectorizer_worker_progress (vectorizer_id) values (worker_vectorizer_id)
    on conflict do nothing;
    update ai.vectorizer_worker_progress p
    set last_success_at = case when _failed then p.last_success_at else _now end
      , last_success_process_id = case when _failed then p.last_success_process_id else worker_id end
      , last_error_at = case when _failed then _now else p.last_error_at end
      , last_error_message = case when _failed then error_message else p.last_error_message end
      , last_error_process_id = case when _failed then worker_id else p.last_error_process_id end
      , success_count = p.success_count + num_successes
      , error_count = p.error_count + case when _failed then 1 else 0 end
    where p.vectorizer_id = worker_vectorizer_id;
end
$$;

-------------------------------------------------------------------------------
-- configuration builders: the JSON pgai's return, nulls left out where pgai leaves them out
-------------------------------------------------------------------------------
create function ai.loading_column(column_name name, retries int default 6) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'column', 'config_type', 'loading',
        'column_name', column_name, 'retries', retries)::jsonb
$$;

create function ai.loading_uri(column_name name, retries int default 6, aws_role_arn text default null) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'uri', 'config_type', 'loading',
        'column_name', column_name, 'retries', retries, 'aws_role_arn', aws_role_arn))::jsonb
$$;

create function ai.parsing_auto() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'auto', 'config_type', 'parsing')::jsonb
$$;

create function ai.parsing_none() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'none', 'config_type', 'parsing')::jsonb
$$;

create function ai.parsing_pymupdf() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'pymupdf', 'config_type', 'parsing')::jsonb
$$;

create function ai.parsing_docling() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'docling', 'config_type', 'parsing')::jsonb
$$;

create function ai.destination_table
( destination name default null
, target_schema name default null
, target_table name default null
, view_schema name default null
, view_name name default null
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'table', 'config_type', 'destination',
        'destination', destination, 'target_schema', target_schema, 'target_table', target_table,
        'view_schema', view_schema, 'view_name', view_name))::jsonb
$$;

create function ai.destination_column(embedding_column name) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'column', 'config_type', 'destination',
        'embedding_column', embedding_column))::jsonb
$$;

create function ai.chunking_character_text_splitter
( chunk_size int default 800
, chunk_overlap int default 400
, separator text default E'\n\n'
, is_separator_regex boolean default false
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'character_text_splitter',
        'config_type', 'chunking', 'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap,
        'separator', separator, 'is_separator_regex', is_separator_regex))::jsonb
$$;

create function ai.chunking_recursive_character_text_splitter
( chunk_size int default 800
, chunk_overlap int default 400
, separators text[] default array[E'\n\n', E'\n', '.', '?', '!', ' ', '']
, is_separator_regex boolean default false
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'recursive_character_text_splitter',
        'config_type', 'chunking', 'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap,
        'separators', separators, 'is_separator_regex', is_separator_regex))::jsonb
$$;

create function ai.chunking_none() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'none', 'config_type', 'chunking')::jsonb
$$;

create function ai.formatting_python_template(template text default '$chunk') returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'python_template', 'config_type', 'formatting',
        'template', template))::jsonb
$$;

create function ai.embedding_openai
( model text
, dimensions int
, chat_user text default null
, api_key_name text default 'OPENAI_API_KEY'
, base_url text default null
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'openai', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'user', chat_user, 'api_key_name', api_key_name,
        'base_url', base_url))::jsonb
$$;

create function ai.embedding_ollama
( model text
, dimensions int
, base_url text default null
, options jsonb default null
, keep_alive text default null
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'ollama', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'base_url', base_url, 'options', options,
        'keep_alive', keep_alive))::jsonb
$$;

create function ai.embedding_voyageai
( model text
, dimensions int
, input_type text default 'document'
, api_key_name text default 'VOYAGE_API_KEY'
) returns jsonb
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if input_type is not null and input_type not in ('query', 'document') then
        raise exception 'invalid input_type for voyage ai "%"', input_type
            using hint = 'pgai-spring: input_type is ''document'' or ''query''';
    end if;
    return json_strip_nulls(json_build_object('implementation', 'voyageai', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'input_type', input_type, 'api_key_name', api_key_name))::jsonb;
end
$$;

create function ai.embedding_litellm
( model text
, dimensions int
, api_key_name text default null
, extra_options jsonb default null
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'litellm', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'api_key_name', api_key_name,
        'extra_options', extra_options))::jsonb
$$;

create function ai.embedding_sentence_transformers
( model text default 'nomic-ai/nomic-embed-text-v1.5'
, dimensions int default 768
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_build_object('implementation', 'sentence_transformers', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions)::jsonb
$$;

-- pgai-spring: the worker's in-process ONNX model, no network and no API key.
create function ai.embedding_local
( model text default 'all-MiniLM-L6-v2'
, dimensions int default 384
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_build_object('implementation', 'local', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions)
$$;

create function ai.indexing_none() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'indexing')
$$;

create function ai.indexing_default() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_build_object('implementation', 'default', 'config_type', 'indexing')
$$;

create function ai.indexing_diskann
( min_rows int default 100000
, storage_layout text default null
, num_neighbors int default null
, search_list_size int default null
, max_alpha float8 default null
, num_dimensions int default null
, num_bits_per_dimension int default null
, create_when_queue_empty boolean default true
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'diskann', 'config_type', 'indexing',
        'min_rows', min_rows, 'storage_layout', storage_layout, 'num_neighbors', num_neighbors,
        'search_list_size', search_list_size, 'max_alpha', max_alpha, 'num_dimensions', num_dimensions,
        'num_bits_per_dimension', num_bits_per_dimension,
        'create_when_queue_empty', create_when_queue_empty))::jsonb
$$;

create function ai.indexing_hnsw
( min_rows int default 100000
, opclass text default 'vector_cosine_ops'
, m int default null
, ef_construction int default null
, create_when_queue_empty boolean default true
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'hnsw', 'config_type', 'indexing',
        'min_rows', min_rows, 'opclass', opclass, 'm', m, 'ef_construction', ef_construction,
        'create_when_queue_empty', create_when_queue_empty))::jsonb
$$;

create function ai.processing_default(batch_size int default null, concurrency int default null) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'default', 'config_type', 'processing',
        'batch_size', batch_size, 'concurrency', concurrency))::jsonb
$$;

create function ai.scheduling_none() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'scheduling')
$$;

create function ai.scheduling_default() returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_build_object('implementation', 'default', 'config_type', 'scheduling')
$$;

create function ai.scheduling_timescaledb
( schedule_interval interval default interval '5m'
, initial_start timestamptz default null
, fixed_schedule boolean default null
, timezone text default null
) returns jsonb
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select json_strip_nulls(json_build_object('implementation', 'timescaledb', 'config_type', 'scheduling',
        'schedule_interval', schedule_interval, 'initial_start', initial_start,
        'fixed_schedule', fixed_schedule, 'timezone', timezone))::jsonb
$$;

-- The roles named, and those of the ai.grant_to_default setting (a comma-separated list).
create function ai.grant_to(variadic grantees name[]) returns name[]
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select coalesce(array_agg(g::name), array[]::name[])
    from (
        select unnest(grantees) as g
        union
        select trim(string_to_table(current_setting('ai.grant_to_default', true), ','))
    ) roles
$$;

create function ai.grant_to() returns name[]
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai.grant_to(variadic array[]::name[])
$$;

-------------------------------------------------------------------------------
-- defaults resolved when a vectorizer is made, by the ai.*_default settings
-------------------------------------------------------------------------------
create function ai._resolve_indexing_default() returns jsonb
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select case current_setting('ai.indexing_default', true)
        when 'indexing_diskann' then ai.indexing_diskann()
        when 'indexing_hnsw' then ai.indexing_hnsw()
        else ai.indexing_none()
    end
$$;

create function ai._resolve_scheduling_default() returns jsonb
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select case current_setting('ai.scheduling_default', true)
        when 'scheduling_timescaledb' then ai.scheduling_timescaledb()
        else ai.scheduling_none()
    end
$$;

-------------------------------------------------------------------------------
-- validation: pgai's checks and messages; pgai-spring adds a hint naming the fix
-------------------------------------------------------------------------------
-- The "config is an object of this config_type" check every section starts with.
create function ai._validate_config_type(config jsonb, section text) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    -- like pgai's, a null config passes this check and fails the next
    if jsonb_typeof(config) != 'object' then
        raise exception '% config is not a jsonb object', section
            using hint = format('pgai-spring: build it with one of the ai.%s_* functions', section);
    end if;
    if config->>'config_type' is distinct from section then
        raise exception 'invalid config_type for % config', section
            using hint = format('pgai-spring: build it with one of the ai.%s_* functions', section);
    end if;
end
$$;

create function ai._validate_loading(config jsonb, source_schema name, source_table name) returns void
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := config->>'implementation';
    _column name;
    _type name;
begin
    perform ai._validate_config_type(config, 'loading');
    if _implementation is null or _implementation not in ('column', 'uri') then
        raise exception 'invalid loading config implementation'
            using hint = 'pgai-spring: use ai.loading_column(...) or ai.loading_uri(...)';
    end if;
    _column := config->>'column_name';
    if _column is null then
        raise exception 'invalid loading config, missing column_name';
    end if;
    if (config->>'retries') is null or (config->>'retries')::int < 0 then
        raise exception 'invalid loading config, retries must be a non-negative integer';
    end if;
    if (config->>'aws_role_arn') is not null and (config->>'aws_role_arn') not like 'arn:aws:iam::%:role/%' then
        raise exception 'invalid loading config, aws_role_arn must match arn:aws:iam::*:role/*';
    end if;
    select t.typname into _type
    from pg_class c
    join pg_namespace n on (n.oid = c.relnamespace)
    join pg_attribute a on (a.attrelid = c.oid)
    join pg_type t on (t.oid = a.atttypid)
    where n.nspname = source_schema and c.relname = source_table
      and a.attname = _column and a.attnum > 0 and not a.attisdropped;
    if _type is null then
        raise exception 'column_name in config does not exist in the table: %', _column
            using hint = format('pgai-spring: %I.%I has no column %I; name one of its text or bytea columns',
                source_schema, source_table, _column);
    end if;
    if _type not in ('text', 'varchar', 'char', 'bpchar', 'bytea') then
        raise exception 'column_name % in config is of invalid type %. Supported types are: text, varchar, char, bpchar, bytea', _column, _type;
    end if;
    if _implementation = 'uri' and _type not in ('text', 'varchar', 'char', 'bpchar') then
        raise exception 'the type of the column `%` in config is not compatible with `uri` loading implementation (type should be either text, varchar, char, bpchar, or bytea)', _column;
    end if;
end
$$;

create function ai._validate_parsing(parsing jsonb, loading jsonb, source_schema name, source_table name) returns void
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := parsing->>'implementation';
    _type name;
begin
    perform ai._validate_config_type(parsing, 'parsing');
    if _implementation not in ('auto', 'none', 'pymupdf', 'docling') then
        raise exception 'invalid parsing config implementation';
    end if;
    select t.typname into _type
    from pg_class c
    join pg_namespace n on (n.oid = c.relnamespace)
    join pg_attribute a on (a.attrelid = c.oid)
    join pg_type t on (t.oid = a.atttypid)
    where n.nspname = source_schema and c.relname = source_table
      and a.attnum > 0 and a.attname = loading->>'column_name';
    if _implementation = 'none' and _type = 'bytea' then
        raise exception 'cannot use parsing_none with bytea columns'
            using hint = 'pgai-spring: bytea holds a document; use ai.parsing_auto()';
    end if;
    if loading->>'implementation' = 'column' and _implementation in ('pymupdf', 'docling') and _type != 'bytea' then
        raise exception 'parsing_% must be used with a bytea column', _implementation;
    end if;
end
$$;

create function ai._validate_destination(destination jsonb, chunking jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    perform ai._validate_config_type(destination, 'destination');
    if destination->>'implementation' = 'column' and chunking->>'implementation' != 'none' then
        raise exception 'chunking must be none for column destination'
            using hint = 'pgai-spring: one row holds one vector; pass chunking => ai.chunking_none()';
    end if;
end
$$;

-- The names a destination resolves to. pgai takes the view's schema from the source table's
-- schema whatever view_schema says; so does this, so that both make the same objects.
create function ai._evaluate_destination(destination jsonb, source_schema name, source_table name) returns jsonb
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    case destination->>'implementation'
        when 'table' then
            return json_build_object('implementation', 'table', 'config_type', 'destination',
                'target_schema', coalesce(destination->>'target_schema', source_schema),
                'target_table', coalesce(destination->>'target_table', (destination->>'destination') || '_store',
                    source_table || '_embedding_store'),
                'view_schema', source_schema,
                'view_name', coalesce(destination->>'view_name', destination->>'destination',
                    source_table || '_embedding'))::jsonb;
        when 'column' then
            return json_build_object('implementation', 'column', 'config_type', 'destination',
                'embedding_column', destination->>'embedding_column')::jsonb;
        else
            raise exception 'invalid implementation for destination config';
    end case;
end
$$;

create function ai._validate_destination_can_create_objects(destination jsonb) returns void
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if destination->>'implementation' = 'table' then
        if to_regclass(format('%I.%I', destination->>'view_schema', destination->>'view_name')) is not null then
            raise exception 'an object named %.% already exists. specify an alternate destination or view_name explicitly',
                destination->>'view_schema', destination->>'view_name'
                using errcode = 'duplicate_object',
                      hint = 'pgai-spring: e.g. destination => ai.destination_table(view_name => ''...'')';
        end if;
        if to_regclass(format('%I.%I', destination->>'target_schema', destination->>'target_table')) is not null then
            raise exception 'an object named %.% already exists. specify an alternate destination or target_table explicitly',
                destination->>'target_schema', destination->>'target_table'
                using errcode = 'duplicate_object',
                      hint = 'pgai-spring: e.g. destination => ai.destination_table(target_table => ''...'')';
        end if;
    end if;
end
$$;

create function ai._validate_embedding(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := config->>'implementation';
begin
    perform ai._validate_config_type(config, 'embedding');
    -- pgai-spring: 'local' is its own in-process model
    if _implementation is null then
        raise exception 'embedding implementation not specified';
    elsif _implementation not in ('openai', 'ollama', 'voyageai', 'litellm', 'local') then
        raise exception 'invalid embedding implementation: "%"', _implementation;
    end if;
end
$$;

create function ai._validate_chunking(config jsonb) returns void
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _size int;
    _overlap int;
begin
    perform ai._validate_config_type(config, 'chunking');
    if config->>'implementation' is null
        or config->>'implementation' not in ('character_text_splitter', 'recursive_character_text_splitter', 'none') then
        raise exception 'invalid chunking config implementation';
    end if;
    -- pgai-spring: sizes no splitter can honour are refused here rather than failing every batch
    if config->>'implementation' != 'none' then
        _size := (config->>'chunk_size')::int;
        _overlap := (config->>'chunk_overlap')::int;
        if _size is null or _size < 1 then
            raise exception 'chunk_size must be at least 1, not %', coalesce(_size::text, 'null')
                using hint = 'pgai-spring: e.g. ai.chunking_recursive_character_text_splitter(800, 400)';
        end if;
        if _overlap is null or _overlap < 0 or _overlap >= _size then
            raise exception 'chunk_overlap must be at least 0 and smaller than chunk_size (%), not %', _size,
                coalesce(_overlap::text, 'null')
                using hint = 'pgai-spring: e.g. ai.chunking_recursive_character_text_splitter(800, 400)';
        end if;
    end if;
end
$$;

create function ai._validate_indexing_diskann(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if config->>'storage_layout' is not null and config->>'storage_layout' not in ('memory_optimized', 'plain') then
        raise exception 'invalid storage_layout';
    end if;
end
$$;

create function ai._validate_indexing_hnsw(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if config->>'opclass' is not null and config->>'opclass' not in ('vector_ip_ops', 'vector_cosine_ops', 'vector_l1_ops') then
        raise exception 'invalid opclass'
            using hint = 'pgai-spring: vector_cosine_ops, vector_ip_ops or vector_l1_ops';
    end if;
end
$$;

create function ai._validate_indexing(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := config->>'implementation';
begin
    perform ai._validate_config_type(config, 'indexing');
    case _implementation
        when 'none' then
            null;
        when 'diskann' then
            perform ai._validate_indexing_diskann(config);
        when 'hnsw' then
            perform ai._validate_indexing_hnsw(config);
        else
            if _implementation is null then
                raise exception 'indexing implementation not specified';
            end if;
            raise exception 'invalid indexing implementation: "%"', _implementation;
    end case;
end
$$;

create function ai._validate_formatting_python_template(config jsonb, source_schema name, source_table name) returns void
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _template text;
begin
    select config->>'template' into strict _template;
    if not (_template like '%$chunk%') then
        raise exception 'template must contain $chunk placeholder'
            using hint = 'pgai-spring: e.g. ai.formatting_python_template(''$title: $chunk'')';
    end if;
    if exists (
        select from pg_class c
        join pg_namespace n on (n.oid = c.relnamespace)
        join pg_attribute a on (a.attrelid = c.oid)
        where n.nspname = source_schema and c.relname = source_table and a.attnum > 0 and a.attname = 'chunk'
    ) then
        raise exception 'formatting_python_template may not be used when source table has a column named "chunk"';
    end if;
end
$$;

create function ai._validate_formatting(config jsonb, source_schema name, source_table name) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
begin
    perform ai._validate_config_type(config, 'formatting');
    if config->>'implementation' is distinct from 'python_template' then
        raise exception 'unrecognized formatting implementation';
    end if;
    perform ai._validate_formatting_python_template(config, source_schema, source_table);
end
$$;

create function ai._validate_scheduling(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := config->>'implementation';
begin
    perform ai._validate_config_type(config, 'scheduling');
    if _implementation is null then
        raise exception 'scheduling implementation not specified';
    elsif _implementation not in ('none', 'timescaledb') then
        raise exception 'unrecognized scheduling implementation: "%"', _implementation;
    end if;
end
$$;

create function ai._validate_processing(config jsonb) returns void
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := config->>'implementation';
    _setting text;
    _limit int;
    _value jsonb;
begin
    perform ai._validate_config_type(config, 'processing');
    if _implementation is null then
        raise exception 'processing implementation not specified';
    elsif _implementation != 'default' then
        raise exception 'unrecognized processing implementation: "%"', _implementation;
    end if;
    foreach _setting in array array['batch_size', 'concurrency'] loop
        _limit := case _setting when 'batch_size' then 2048 else 50 end;
        _value := config->_setting;
        if _value is not null then
            if jsonb_typeof(_value) != 'number' then
                raise exception '% must be a number', _setting;
            end if;
            if _value::int > _limit then
                raise exception '% must be less than or equal to %', _setting, _limit;
            end if;
            if _value::int < 1 then
                raise exception '% must be greater than 0', _setting;
            end if;
        end if;
    end loop;
end
$$;

-------------------------------------------------------------------------------
-- the objects a vectorizer owns
-------------------------------------------------------------------------------
-- The source's primary key: one object per column, in column order, with its key position and
-- exact type. pgai's worker forms its lock keys in this order.
create function ai._vectorizer_source_pk(source_table regclass) returns jsonb
language sql stable security invoker set search_path to pg_catalog, pg_temp as $$
    select jsonb_agg(jsonb_build_object('attnum', k.attnum, 'pknum', k.pknum, 'attname', a.attname,
        'typname', format_type(a.atttypid, a.atttypmod)) order by k.attnum)
    from pg_constraint c
    cross join lateral unnest(c.conkey) with ordinality as k(attnum, pknum)
    join pg_attribute a on (a.attrelid = c.conrelid and a.attnum = k.attnum)
    where c.conrelid = source_table and c.contype = 'p'
$$;

-- "a, b" for a grant statement, or null for no roles.
create function ai._grantees(grant_to name[]) returns text
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select string_agg(quote_ident(g), ', ') from unnest(grant_to) g
$$;

create function ai._vectorizer_grant_to_source(source_schema name, source_table name, grant_to name[]) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if grant_to is not null then
        execute format('grant usage on schema %I to %s', source_schema, ai._grantees(grant_to));
        execute format('grant select on %I.%I to %s', source_schema, source_table, ai._grantees(grant_to));
    end if;
end
$$;

create function ai._vectorizer_grant_to_vectorizer(grant_to name[]) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if grant_to is not null then
        execute format('grant usage on schema ai to %s', ai._grantees(grant_to));
        execute format('grant select on ai.vectorizer to %s', ai._grantees(grant_to));
    end if;
end
$$;

-- "a type not null, b type not null" in attribute order, as pgai lays out store and queue tables.
create function ai._vectorizer_pk_definitions(source_pk jsonb) returns text
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select string_agg(format('%I %s not null', k.attname, k.typname), ', ' order by k.attnum)
    from jsonb_to_recordset(source_pk) k(attnum int, attname name, typname text)
$$;

-- "a, b" in key order, optionally each prefixed with an alias.
create function ai._vectorizer_pk_list(source_pk jsonb, by_attnum boolean default false, prefix text default '') returns text
language sql immutable security invoker set search_path to pg_catalog, pg_temp as $$
    select string_agg(prefix || quote_ident(k.attname), ', '
        order by case when by_attnum then k.attnum else k.pknum end)
    from jsonb_to_recordset(source_pk) k(attnum int, pknum int, attname name)
$$;

create function ai._vectorizer_create_target_table(source_pk jsonb, target_schema name, target_table name,
    dimensions int, grant_to name[]) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _vector_schema name := (select n.nspname from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
        where e.extname = 'vector');
begin
    execute format('create table %I.%I (embedding_uuid uuid not null primary key default pg_catalog.gen_random_uuid(), '
        || '%s, chunk_seq int not null, chunk text not null, embedding %I.vector(%s) not null, unique (%s, chunk_seq))',
        target_schema, target_table, ai._vectorizer_pk_definitions(source_pk), _vector_schema, dimensions,
        ai._vectorizer_pk_list(source_pk));
    -- vectors stay inline and uncompressed (the column clause needs PostgreSQL 16)
    execute format('alter table %I.%I alter column embedding set storage main', target_schema, target_table);
    if grant_to is not null then
        execute format('grant usage on schema %I to %s', target_schema, ai._grantees(grant_to));
        execute format('grant select, insert, update on %I.%I to %s', target_schema, target_table, ai._grantees(grant_to));
    end if;
end
$$;

-- The store joined to its source: the key columns come from the store, so that a query reading
-- only the store's columns does not join at all.
create function ai._vectorizer_create_view(view_schema name, view_name name, source_schema name, source_table name,
    source_pk jsonb, target_schema name, target_table name, grant_to name[]) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _columns text;
    _join text;
begin
    select string_agg(case when k.attnum is null then 's.' else 't.' end || quote_ident(a.attname), ', ' order by a.attnum)
    into _columns
    from pg_attribute a
    left join jsonb_to_recordset(source_pk) k(attnum int) on (k.attnum = a.attnum)
    where a.attrelid = format('%I.%I', source_schema, source_table)::regclass and a.attnum > 0 and not a.attisdropped;
    select string_agg(format('t.%I = s.%I', k.attname, k.attname), ' and ' order by k.pknum)
    into _join
    from jsonb_to_recordset(source_pk) k(pknum int, attname name);
    execute format('create view %I.%I as select t.embedding_uuid, t.chunk_seq, t.chunk, t.embedding, %s '
        || 'from %I.%I t left outer join %I.%I s on (%s)', view_schema, view_name, _columns,
        target_schema, target_table, source_schema, source_table, _join);
    if grant_to is not null then
        execute format('grant usage on schema %I to %s', view_schema, ai._grantees(grant_to));
        execute format('grant select on %I.%I to %s', view_schema, view_name, ai._grantees(grant_to));
    end if;
end
$$;

create function ai._vectorizer_create_destination_table(source_schema name, source_table name, source_pk jsonb,
    dimensions int, destination jsonb, grant_to name[]) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    perform ai._vectorizer_create_target_table(source_pk, destination->>'target_schema', destination->>'target_table',
        dimensions, grant_to);
    perform ai._vectorizer_create_view(destination->>'view_schema', destination->>'view_name', source_schema,
        source_table, source_pk, destination->>'target_schema', destination->>'target_table', grant_to);
end
$$;

create function ai._vectorizer_add_embedding_column(source_schema name, source_table name, dimensions int,
    embedding_column name) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _vector_schema name := (select n.nspname from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
        where e.extname = 'vector');
begin
    if exists (
        select from pg_attribute a
        join pg_class c on (c.oid = a.attrelid)
        join pg_namespace n on (n.oid = c.relnamespace)
        where n.nspname = source_schema and c.relname = source_table and a.attname = embedding_column
          and not a.attisdropped
    ) then
        raise notice 'embedding column %I already exists in %I.%I skipping creation', embedding_column, source_schema, source_table;
        return;
    end if;
    execute format('alter table %I.%I add column %I %I.vector(%L) default null', source_schema, source_table,
        embedding_column, _vector_schema, dimensions);
    execute format('alter table %I.%I alter column %I set storage main', source_schema, source_table, embedding_column);
end
$$;

create function ai._vectorizer_create_destination_column(source_schema name, source_table name, dimensions int,
    destination jsonb) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    perform ai._vectorizer_add_embedding_column(source_schema, source_table, dimensions,
        destination->>'embedding_column');
end
$$;

-- A queue (with the retry columns) or a failed queue (with when and where it failed).
create function ai._vectorizer_create_queue(queue_schema name, queue_table name, source_pk jsonb,
    grant_to name[], extra_columns text) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    execute format('create table %I.%I (%s, %s)', queue_schema, queue_table, ai._vectorizer_pk_definitions(source_pk),
        extra_columns);
    execute format('create index on %I.%I (%s)', queue_schema, queue_table, ai._vectorizer_pk_list(source_pk));
    if grant_to is not null then
        execute format('grant usage on schema %I to %s', queue_schema, ai._grantees(grant_to));
        execute format('grant select, insert, update, delete on %I.%I to %s', queue_schema, queue_table,
            ai._grantees(grant_to));
    end if;
end
$$;

create function ai._vectorizer_create_queue_table(queue_schema name, queue_table name, source_pk jsonb,
    grant_to name[]) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai._vectorizer_create_queue(queue_schema, queue_table, source_pk, grant_to,
        'queued_at pg_catalog.timestamptz not null default now(), loading_retries pg_catalog.int4 not null default 0, '
        || 'loading_retry_after pg_catalog.timestamptz')
$$;

create function ai._vectorizer_create_queue_failed_table(queue_schema name, queue_failed_table name,
    source_pk jsonb, grant_to name[]) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai._vectorizer_create_queue(queue_schema, queue_failed_table, source_pk, grant_to,
        'created_at pg_catalog.timestamptz not null default now(), failure_step pg_catalog.text not null default ''''')
$$;

-- The body of a source's trigger function. A row-level call queues inserted rows and rows whose
-- columns changed (other than the vectors of column destinations on the same table); for a store
-- it also deletes the chunks of deleted rows and of a changed key's old value, and a truncate
-- empties store and queue.
-- pgai-spring's earlier triggers also queued the old key on a delete or key change, so that its
-- worker would remove chunks a batch wrote under a key deleted while it wrote; pgai's worker drops
-- such entries without removing anything, and a batch of only such entries ends its poll cycle
-- early, so they are gone. What is left is the window of a delete still uncommitted while a batch
-- writes that row, milliseconds for pgai-spring's worker (pgai's holds it for its whole batch).
create function ai._vectorizer_build_trigger_definition(queue_schema name, queue_table name, target_schema name,
    target_table name, source_schema name, source_table name, source_pk jsonb) returns text
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _columns text := ai._vectorizer_pk_list(source_pk, true);
    _queue_new text := format('insert into %I.%I (%s) values (%s)', queue_schema, queue_table, _columns,
        ai._vectorizer_pk_list(source_pk, true, 'new.'));
    _changed text := format($check$exists (
        select from pg_catalog.jsonb_each(pg_catalog.to_jsonb(old)) o(key, value)
        join pg_catalog.jsonb_each(pg_catalog.to_jsonb(new)) n(key, value) on (o.key = n.key)
        where o.value is distinct from n.value
          and o.key != all (
            select v.config operator(pg_catalog.->) 'destination' operator(pg_catalog.->>) 'embedding_column'
            from ai.vectorizer v
            where v.source_table = %L and v.source_schema = %L
              and v.config operator(pg_catalog.->) 'destination' operator(pg_catalog.->>) 'implementation' = 'column'))$check$,
        source_table, source_schema);
    _key_changed text;
    _delete_old text;
begin
    if target_schema is null or target_table is null then
        return format($body$
        begin
            if tg_level = 'ROW' then
                if tg_op = 'INSERT' then
                    %s;
                elsif tg_op = 'UPDATE' and %s then
                    %s;
                end if;
            end if;
            return null;
        end
        $body$, _queue_new, _changed, _queue_new);
    end if;
    select string_agg(format('old.%I is distinct from new.%I', k.attname, k.attname), ' or '),
           format('delete from %I.%I where %s', target_schema, target_table,
               string_agg(format('%I = old.%I', k.attname, k.attname), ' and '))
    into _key_changed, _delete_old
    from jsonb_to_recordset(source_pk) k(attname name);
    return format($body$
        begin
            if tg_level = 'ROW' then
                if tg_op = 'DELETE' then
                    %s;
                elsif tg_op = 'UPDATE' then
                    if %s then
                        %s;
                        %s;
                    elsif %s then
                        %s;
                    end if;
                    return new;
                else
                    %s;
                    return new;
                end if;
            elsif tg_level = 'STATEMENT' and tg_op = 'TRUNCATE' then
                truncate table %I.%I;
                truncate table %I.%I;
            end if;
            return null;
        end
        $body$, _delete_old,
        _key_changed, _delete_old, _queue_new,
        _changed, _queue_new,
        _queue_new,
        target_schema, target_table, queue_schema, queue_table);
end
$$;

create function ai._vectorizer_create_source_trigger(trigger_name name, queue_schema name, queue_table name,
    source_schema name, source_table name, target_schema name, target_table name, source_pk jsonb) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    execute format('create function %I.%I() returns trigger as %L language plpgsql volatile parallel safe '
        || 'security definer set search_path to pg_catalog, pg_temp', queue_schema, trigger_name,
        ai._vectorizer_build_trigger_definition(queue_schema, queue_table, target_schema, target_table,
            source_schema, source_table, source_pk));
    execute format('revoke all on function %I.%I() from public', queue_schema, trigger_name);
    execute format('create trigger %I after insert or update or delete on %I.%I for each row execute function %I.%I()',
        trigger_name, source_schema, source_table, queue_schema, trigger_name);
    execute format('create trigger %I after truncate on %I.%I for each statement execute function %I.%I()',
        trigger_name || '_truncate', source_schema, source_table, queue_schema, trigger_name);
end
$$;

-------------------------------------------------------------------------------
-- vector indexes, as pgai's scheduled job makes them (pgai-spring's worker builds HNSW indexes
-- itself, concurrently, under the same advisory lock)
-------------------------------------------------------------------------------
create function ai._vectorizer_vector_index_exists(target_schema name, target_table name, indexing jsonb,
    column_name name default 'embedding') returns boolean
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _implementation text := indexing->>'implementation';
begin
    if _implementation not in ('diskann', 'hnsw') then
        raise exception 'unrecognized index implementation: %s', _implementation;
    end if;
    return exists (
        select from pg_class c
        join pg_namespace n on (n.oid = c.relnamespace)
        join pg_index i on (i.indrelid = c.oid)
        join pg_attribute a on (a.attrelid = c.oid and a.attname = column_name and a.attnum = i.indkey[0])
        where n.nspname = target_schema and c.relname = target_table
          and pg_get_indexdef(i.indexrelid) ilike '% using ' || _implementation || ' %');
end
$$;

create function ai._vectorizer_should_create_vector_index(vectorizer ai.vectorizer) returns boolean
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _indexing jsonb := vectorizer.config->'indexing';
    _schema name := coalesce(vectorizer.config->'destination'->>'target_schema', vectorizer.source_schema);
    _table name := coalesce(vectorizer.config->'destination'->>'target_table', vectorizer.source_table);
    _column name := coalesce(vectorizer.config->'destination'->>'embedding_column', 'embedding');
    _min_rows int8 := coalesce((_indexing->>'min_rows')::int8, 0);
    _count int8;
begin
    if _indexing is null or coalesce(_indexing->>'implementation', 'none') = 'none' then
        return false;
    end if;
    if ai._vectorizer_vector_index_exists(_schema, _table, _indexing, _column) then
        return false;
    end if;
    if coalesce((_indexing->'create_when_queue_empty')::boolean, true) then
        execute format('select count(1) from %I.%I limit 1', vectorizer.queue_schema, vectorizer.queue_table) into _count;
        if _count > 0 then
            raise notice 'queue for %.% is not empty. skipping vector index creation', _schema, _table;
            return false;
        end if;
    end if;
    if _min_rows > 0 then
        execute format('select count(*) from (select 1 from %I.%I limit %L) x', _schema, _table, _min_rows) into _count;
    end if;
    return coalesce(_count, 0) >= _min_rows;
end
$$;

create function ai._vectorizer_create_vector_index(target_schema name, target_table name, indexing jsonb,
    column_name name default 'embedding') returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _with text;
    _vector_schema name;
begin
    -- one builder per table: pgai's lock keys, the first a constant, the second the table's oid
    if not pg_try_advisory_xact_lock(1982010642, format('%I.%I', target_schema, target_table)::regclass::oid::int4) then
        raise warning 'another process is already building a vector index on %.%', target_schema, target_table;
        return;
    end if;
    if ai._vectorizer_vector_index_exists(target_schema, target_table, indexing, column_name) then
        raise notice 'the vector index on %.% already exists', target_schema, target_table;
        return;
    end if;
    case indexing->>'implementation'
        when 'diskann' then
            select string_agg(case w.key
                    when 'storage_layout' then format('%s=%L', w.key, w.value)
                    when 'max_alpha' then format('%s=%s', w.key, w.value::float8)
                    else format('%s=%s', w.key, w.value::int4) end, ', ')
            into _with
            from jsonb_each_text(indexing) w
            where w.key in ('storage_layout', 'num_neighbors', 'search_list_size', 'max_alpha', 'num_dimensions',
                'num_bits_per_dimension');
            execute format('create index on %I.%I using diskann (%I)%s', target_schema, target_table, column_name,
                coalesce(' with (' || _with || ')', ''));
        when 'hnsw' then
            select string_agg(format('%s=%s', w.key, w.value::int4), ', ')
            into _with
            from jsonb_each_text(indexing) w
            where w.key in ('m', 'ef_construction');
            select n.nspname into strict _vector_schema
            from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
            where e.extname = 'vector';
            execute format('create index on %I.%I using hnsw (%I %I.%s)%s', target_schema, target_table, column_name,
                _vector_schema, indexing->>'opclass', coalesce(' with (' || _with || ')', ''));
        else
            raise exception 'unrecognized index implementation: %s', indexing->>'implementation';
    end case;
end
$$;

-- TimescaleDB jobs need pgai's ai extension, as they do under pgai's library alone.
create function ai._vectorizer_schedule_job(vectorizer_id int, scheduling jsonb) returns int8
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _timescaledb name;
    _job_id int8;
begin
    case scheduling->>'implementation'
        when 'none' then
            return null;
        when 'timescaledb' then
            if not exists (select from pg_extension where extname = 'ai') then
                raise exception 'ai extension not found but it is needed for timescaledb scheduling.'
                    using hint = 'pgai-spring: its worker needs no schedule; pass scheduling => ai.scheduling_none()';
            end if;
            select n.nspname into _timescaledb
            from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
            where e.extname = 'timescaledb';
            if _timescaledb is null then
                raise exception 'timescaledb extension not found';
            end if;
            execute format('select %I.add_job(''ai._vectorizer_job''::pg_catalog.regproc, %s, config=>%L)', _timescaledb,
                (select string_agg(format('%s=>%L', s.key, s.value), ', ' order by o.ord)
                 from jsonb_each_text(scheduling) s
                 join unnest(array['schedule_interval', 'initial_start', 'fixed_schedule', 'timezone'])
                     with ordinality o(key, ord) on (o.key = s.key)),
                jsonb_build_object('vectorizer_id', vectorizer_id)::text)
            into strict _job_id;
            return _job_id;
        else
            raise exception 'scheduling implementation not recognized';
    end case;
end
$$;

-------------------------------------------------------------------------------
-- create_vectorizer
-------------------------------------------------------------------------------
create function ai.create_vectorizer
( source regclass
, name text default null
, destination jsonb default ai.destination_table()
, loading jsonb default null
, parsing jsonb default ai.parsing_auto()
, embedding jsonb default null
, chunking jsonb default ai.chunking_recursive_character_text_splitter()
, indexing jsonb default ai.indexing_default()
, formatting jsonb default ai.formatting_python_template()
, scheduling jsonb default ai.scheduling_default()
, processing jsonb default ai.processing_default()
, queue_schema name default null
, queue_table name default null
, grant_to name[] default ai.grant_to()
, enqueue_existing boolean default true
, if_not_exists boolean default false
) returns int
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $func$
declare
    _missing name[];
    _source_schema name;
    _source_table name;
    _may_create boolean;
    _dimensions int;
    _source_pk jsonb;
    _id int;
    _existing int;
    _trigger_name name;
    _queue_failed_table name;
    _job_id int8;
begin
    if grant_to is not null then
        select array_agg(r) filter (where r != 'public' and to_regrole(r) is null),
               array_agg(r) filter (where r = 'public' or to_regrole(r) is not null)
        into strict _missing, grant_to
        from unnest(grant_to) r;
        if array_length(_missing, 1) > 0 then
            raise warning 'one or more grant_to roles do not exist: %', _missing;
        end if;
    end if;
    if embedding is null then
        raise exception 'embedding configuration is required'
            using hint = 'pgai-spring: e.g. embedding => ai.embedding_openai(''text-embedding-3-small'', 768)';
    end if;
    if loading is null then
        raise exception 'loading configuration is required'
            using hint = 'pgai-spring: e.g. loading => ai.loading_column(''content'')';
    end if;

    select c.relname, n.nspname, pg_has_role(current_user, c.relowner, 'MEMBER')
    into strict _source_table, _source_schema, _may_create
    from pg_class c join pg_namespace n on (n.oid = c.relnamespace)
    where c.oid = source;
    if not _may_create then
        select r.rolsuper into strict _may_create from pg_roles r where r.rolname = current_user;
    end if;
    if not _may_create then
        raise exception 'only a superuser or the owner of the source table may create a vectorizer on it'
            using hint = format('pgai-spring: %I.%I belongs to another role; run this as that role', _source_schema, _source_table);
    end if;

    _dimensions := (embedding->'dimensions')::int;
    if _dimensions is null then
        raise exception 'dimensions argument is required'
            using hint = 'pgai-spring: e.g. ai.embedding_openai(''text-embedding-3-small'', 768)';
    end if;
    _source_pk := ai._vectorizer_source_pk(source);
    if _source_pk is null or jsonb_array_length(_source_pk) = 0 then
        raise exception 'source table must have a primary key constraint'
            using hint = format('pgai-spring: chunks are linked to rows by key; alter table %I.%I add primary key (...)',
                _source_schema, _source_table);
    end if;

    _id := nextval('ai.vectorizer_id_seq');
    _trigger_name := '_vectorizer_src_trg_' || _id;
    queue_schema := coalesce(queue_schema, 'ai');
    queue_table := coalesce(queue_table, '_vectorizer_q_' || _id);
    _queue_failed_table := '_vectorizer_q_failed_' || _id;
    if to_regclass(format('%I.%I', queue_schema, queue_table)) is not null then
        raise exception 'an object named %.% already exists. specify an alternate queue_table explicitly',
            queue_schema, queue_table using errcode = 'duplicate_object';
    end if;

    perform ai._validate_loading(loading, _source_schema, _source_table);
    perform ai._validate_parsing(parsing, loading, _source_schema, _source_table);
    perform ai._validate_destination(destination, chunking);
    perform ai._validate_embedding(embedding);
    perform ai._validate_chunking(chunking);
    if indexing->>'implementation' = 'default' then
        indexing := ai._resolve_indexing_default();
    end if;
    perform ai._validate_indexing(indexing);
    perform ai._validate_formatting(formatting, _source_schema, _source_table);
    if scheduling->>'implementation' = 'default' then
        scheduling := ai._resolve_scheduling_default();
    end if;
    perform ai._validate_scheduling(scheduling);
    perform ai._validate_processing(processing);
    -- pgai-spring: its worker builds HNSW indexes itself, so only diskann needs a schedule
    if scheduling->>'implementation' = 'none' and indexing->>'implementation' not in ('none', 'hnsw') then
        raise exception 'automatic indexing is not supported without scheduling. set indexing=>ai.indexing_none() when scheduling=>ai.scheduling_none()'
            using hint = 'pgai-spring: its worker builds HNSW indexes without a schedule: indexing => ai.indexing_hnsw()';
    end if;

    destination := ai._evaluate_destination(destination, _source_schema, _source_table);
    if name is null then
        name := case destination->>'implementation'
            when 'table' then format('%s_%s', destination->>'target_schema', destination->>'target_table')
            else format('%s_%s_%s', _source_schema, _source_table, destination->>'embedding_column')
        end;
    end if;
    select v.id into _existing from ai.vectorizer v where v.name = create_vectorizer.name;
    if _existing is not null then
        if not if_not_exists then
            raise exception 'a vectorizer named % already exists.', name using errcode = 'duplicate_object',
                hint = 'pgai-spring: pass if_not_exists => true to keep it, or another name => ''...''';
        end if;
        raise notice 'a vectorizer named % already exists, skipping', name;
        return _existing;
    end if;
    perform ai._validate_destination_can_create_objects(destination);
    -- pgai's catalog refuses the name when the row is inserted; the same error, before anything is made
    if name !~ '^[a-z][a-z_0-9]*$' then
        raise exception 'new row for relation "vectorizer" violates check constraint "vectorizer_name_check"'
            using errcode = 'check_violation', constraint = 'vectorizer_name_check', table = 'vectorizer', schema = 'ai',
                  hint = format('pgai-spring: the name %s must match ^[a-z][a-z_0-9]*$; pass name => ''...''', name);
    end if;

    perform ai._vectorizer_grant_to_source(_source_schema, _source_table, grant_to);
    case destination->>'implementation'
        when 'table' then
            perform ai._vectorizer_create_destination_table(_source_schema, _source_table, _source_pk, _dimensions,
                destination, grant_to);
        when 'column' then
            perform ai._vectorizer_create_destination_column(_source_schema, _source_table, _dimensions, destination);
        else
            raise exception 'invalid implementation for destination';
    end case;
    perform ai._vectorizer_create_queue_table(queue_schema, queue_table, _source_pk, grant_to);
    perform ai._vectorizer_create_queue_failed_table(queue_schema, _queue_failed_table, _source_pk, grant_to);
    perform ai._vectorizer_create_source_trigger(_trigger_name, queue_schema, queue_table, _source_schema,
        _source_table, destination->>'target_schema', destination->>'target_table', _source_pk);
    _job_id := ai._vectorizer_schedule_job(_id, scheduling);
    if _job_id is not null then
        scheduling := jsonb_insert(scheduling, array['job_id'], to_jsonb(_job_id));
    end if;

    insert into ai.vectorizer (id, source_schema, source_table, source_pk, trigger_name, queue_schema, queue_table,
        queue_failed_table, config, name)
    values (_id, _source_schema, _source_table, _source_pk, _trigger_name, queue_schema, queue_table,
        _queue_failed_table,
        -- a semver pgai's worker parses; the build metadata tells pgai-spring's catalog apart
        jsonb_build_object('version', '0.12.1+pgai-spring.4', 'loading', loading, 'parsing', parsing,
            'embedding', embedding, 'chunking', chunking, 'indexing', indexing, 'formatting', formatting,
            'scheduling', scheduling, 'processing', processing, 'destination', destination),
        create_vectorizer.name);
    perform ai._vectorizer_grant_to_vectorizer(grant_to);

    if enqueue_existing then
        execute format('insert into %I.%I (%s) select %s from %I.%I x', queue_schema, queue_table,
            ai._vectorizer_pk_list(_source_pk, true), ai._vectorizer_pk_list(_source_pk, true, 'x.'),
            _source_schema, _source_table);
    end if;
    return _id;
end
$func$;

-------------------------------------------------------------------------------
-- the rest of pgai's API
-------------------------------------------------------------------------------
-- Switches the vectorizer (and its TimescaleDB job, if it has one) on or off.
create function ai._vectorizer_set_disabled(vectorizer_id int, disabled boolean) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _v ai.vectorizer;
    _sql text;
begin
    update ai.vectorizer v set disabled = _vectorizer_set_disabled.disabled
    where v.id = vectorizer_id
    returning * into strict _v;
    if _v.config->'scheduling'->>'implementation' = 'timescaledb' then
        select format('select %I.alter_job(job_id, scheduled=>%s) from timescaledb_information.jobs where job_id = %L',
            n.nspname, not disabled, (_v.config->'scheduling'->'job_id')::int8)
        into _sql
        from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
        where e.extname = 'timescaledb';
        if _sql is not null then
            execute _sql;
        end if;
    end if;
end
$$;

create function ai.disable_vectorizer_schedule(vectorizer_id int) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai._vectorizer_set_disabled(vectorizer_id, true)
$$;

create function ai.disable_vectorizer_schedule(name text) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai.disable_vectorizer_schedule(v.id) from ai.vectorizer v where v.name = disable_vectorizer_schedule.name
$$;

create function ai.enable_vectorizer_schedule(vectorizer_id int) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai._vectorizer_set_disabled(vectorizer_id, false)
$$;

create function ai.enable_vectorizer_schedule(name text) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai.enable_vectorizer_schedule(v.id) from ai.vectorizer v where v.name = enable_vectorizer_schedule.name
$$;

-- Drops trigger, trigger function, queues and catalog row; with drop_all also store and view.
create function ai.drop_vectorizer(vectorizer_id int, drop_all boolean default false) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _v ai.vectorizer;
    _timescaledb name;
    _function text;
begin
    select * into strict _v from ai.vectorizer v where v.id = vectorizer_id;
    if _v.config->'scheduling'->>'implementation' = 'timescaledb' then
        select n.nspname into _timescaledb
        from pg_extension e join pg_namespace n on (n.oid = e.extnamespace)
        where e.extname = 'timescaledb';
        if _timescaledb is not null then
            execute format('select %I.delete_job(job_id) from timescaledb_information.jobs where job_id = %L',
                _timescaledb, (_v.config->'scheduling'->'job_id')::int8);
        end if;
    end if;
    -- the function behind the trigger, found through the trigger or, failing that, by its name
    select format('%I.%I()', n.nspname, p.proname) into _function
    from pg_trigger t
    join pg_class c on (c.oid = t.tgrelid)
    join pg_namespace s on (s.oid = c.relnamespace)
    join pg_proc p on (p.oid = t.tgfoid)
    join pg_namespace n on (n.oid = p.pronamespace)
    where t.tgname = _v.trigger_name and c.relname = _v.source_table and s.nspname = _v.source_schema;
    if _function is not null then
        execute format('drop trigger %I on %I.%I', _v.trigger_name, _v.source_schema, _v.source_table);
        execute format('drop trigger if exists %I on %I.%I', _v.trigger_name || '_truncate', _v.source_schema, _v.source_table);
        execute 'drop function ' || _function;
    else
        select format('%I.%I()', n.nspname, p.proname) into _function
        from pg_proc p
        join pg_namespace n on (n.oid = p.pronamespace)
        where n.nspname = _v.queue_schema and p.proname = _v.trigger_name and p.prorettype = 'trigger'::regtype;
        if _function is not null then
            execute 'drop function ' || _function || ' cascade';
        end if;
    end if;
    execute format('drop table if exists %I.%I', _v.queue_schema, _v.queue_table);
    execute format('drop table if exists %I.%I', _v.queue_schema, _v.queue_failed_table);
    if drop_all and _v.config->'destination'->>'implementation' = 'table' then
        execute format('drop view if exists %I.%I', _v.config->'destination'->>'view_schema', _v.config->'destination'->>'view_name');
        execute format('drop table if exists %I.%I', _v.config->'destination'->>'target_schema', _v.config->'destination'->>'target_table');
    end if;
    delete from ai.vectorizer v where v.id = vectorizer_id;
end
$$;

create function ai.drop_vectorizer(name text, drop_all boolean default false) returns void
language sql volatile security invoker set search_path to pg_catalog, pg_temp as $$
    select ai.drop_vectorizer(v.id, drop_all) from ai.vectorizer v where v.name = drop_vectorizer.name
$$;

-- How many rows wait; above 10,000 the maximum bigint, unless exact_count.
create function ai.vectorizer_queue_pending(vectorizer_id int, exact_count boolean default false) returns int8
language plpgsql stable security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _queue_schema name;
    _queue_table name;
    _count int8;
begin
    select v.queue_schema, v.queue_table into _queue_schema, _queue_table
    from ai.vectorizer v where v.id = vectorizer_id;
    if _queue_schema is null or _queue_table is null then
        raise exception 'vectorizer has no queue table';
    end if;
    if exact_count then
        execute format('select count(1) from %I.%I', _queue_schema, _queue_table) into strict _count;
        return _count;
    end if;
    execute format('select count(*) from (select 1 from %I.%I limit 10001) q', _queue_schema, _queue_table)
    into strict _count;
    return case when _count = 10001 then 9223372036854775807 else _count end;
end
$$;

create function ai.vectorizer_queue_pending(name text, exact_count boolean default false) returns int8
language sql stable security invoker set search_path to pg_catalog, pg_temp as $$
    select ai.vectorizer_queue_pending(v.id, exact_count) from ai.vectorizer v where v.name = vectorizer_queue_pending.name
$$;

create view ai.vectorizer_status as
select v.id
     , v.name
     , format('%I.%I', v.source_schema, v.source_table) as source_table
     , case when v.config->'destination'->>'implementation' = 'table'
            then format('%I.%I', v.config->'destination'->>'target_schema', v.config->'destination'->>'target_table')
       end as target_table
     , case when v.config->'destination'->>'implementation' = 'table'
            then format('%I.%I', v.config->'destination'->>'view_schema', v.config->'destination'->>'view_name')
       end as "view"
     , case when v.config->'destination'->>'implementation' = 'column'
            then format('%I', v.config->'destination'->>'embedding_column')
            else 'embedding'
       end as embedding_column
     , case when v.queue_table is not null
             and has_table_privilege(current_user, format('%I.%I', v.queue_schema, v.queue_table), 'select')
            then ai.vectorizer_queue_pending(v.id)
       end as pending_items
     , v.disabled
from ai.vectorizer v;

-- The embedding functions pgai's SQL API calls (ai.openai_embed, ...) belong to pgai's ai
-- extension, not to its library; without it these fail as pgai's own do. In Java,
-- EmbeddingRepository.embedQuery embeds as the vectorizer does.
do $vector_schema$
begin
    execute format($ddl$
create function ai.vectorizer_embed(embedding_config jsonb, input_text text, input_type text default null)
returns %1$I.vector
language plpgsql immutable security invoker set search_path to pg_catalog, pg_temp as $fn$
begin
    case embedding_config->>'implementation'
        when 'openai' then
            return ai.openai_embed(embedding_config->>'model', input_text,
                api_key_name => embedding_config->>'api_key_name',
                dimensions => (embedding_config->>'dimensions')::int4, openai_user => embedding_config->>'user');
        when 'ollama' then
            return ai.ollama_embed(embedding_config->>'model', input_text, host => embedding_config->>'base_url',
                keep_alive => embedding_config->>'keep_alive', embedding_options => embedding_config->'options');
        when 'voyageai' then
            return ai.voyageai_embed(embedding_config->>'model', input_text,
                input_type => coalesce(input_type, 'query'), api_key_name => embedding_config->>'api_key_name');
        else
            raise exception 'unsupported embedding implementation'
                using hint = 'pgai-spring: embed queries in the application with EmbeddingRepository.embedQuery';
    end case;
end
$fn$;
    $ddl$, (select n.nspname from pg_extension e join pg_namespace n on (n.oid = e.extnamespace) where e.extname = 'vector'));
    execute format($ddl$
create function ai.vectorizer_embed(vectorizer_id int, input_text text, input_type text default null) returns %1$I.vector
language sql stable security invoker set search_path to pg_catalog, pg_temp as $fn$
    select ai.vectorizer_embed(v.config->'embedding', input_text, input_type) from ai.vectorizer v where v.id = vectorizer_id
$fn$;
    $ddl$, (select n.nspname from pg_extension e join pg_namespace n on (n.oid = e.extnamespace) where e.extname = 'vector'));
    execute format($ddl$
create function ai.vectorizer_embed(name text, input_text text, input_type text default null) returns %1$I.vector
language sql stable security invoker set search_path to pg_catalog, pg_temp as $fn$
    select ai.vectorizer_embed(v.id, input_text, input_type) from ai.vectorizer v where v.name = vectorizer_embed.name
$fn$;

    $ddl$, (select n.nspname from pg_extension e join pg_namespace n on (n.oid = e.extnamespace) where e.extname = 'vector'));
end
$vector_schema$;

-- The TimescaleDB job of a vectorizer with scheduling_timescaledb (which needs pgai's ai extension):
-- builds the index when due, then runs the vectorizer about once per 50 queued rows, at most 10
-- times. Commits between steps, so it cannot set a search_path of its own and sets it each time.
create procedure ai._vectorizer_job(job_id int default null, config jsonb default null)
language plpgsql security invoker as $$
declare
    _v ai.vectorizer%rowtype;
    _destination jsonb;
    _found boolean;
    _queued int8 := 0;
begin
    set local search_path = pg_catalog, pg_temp;
    if config is null then
        raise exception 'config is null';
    end if;
    select * into strict _v from ai.vectorizer v where v.id = (config->>'vectorizer_id')::int4;
    commit;
    set local search_path = pg_catalog, pg_temp;
    _destination := _v.config->'destination';
    if ai._vectorizer_should_create_vector_index(_v) then
        commit;
        set local search_path = pg_catalog, pg_temp;
        if _destination->>'implementation' = 'table' then
            perform ai._vectorizer_create_vector_index(_destination->>'target_schema', _destination->>'target_table',
                _v.config->'indexing');
        elsif _destination->>'implementation' = 'column' then
            perform ai._vectorizer_create_vector_index(_v.source_schema, _v.source_table, _v.config->'indexing',
                _destination->>'embedding_column');
        end if;
    end if;
    commit;
    set local search_path = pg_catalog, pg_temp;
    -- nothing to do while every queued row is locked by a worker
    execute format('select true from %I.%I for update skip locked limit 1', _v.queue_schema, _v.queue_table)
    into _found;
    commit;
    set local search_path = pg_catalog, pg_temp;
    if coalesce(_found, false) then
        execute format('select count(1) from (select 1 from %I.%I limit 501) q', _v.queue_schema, _v.queue_table)
        into _queued;
    end if;
    commit;
    set local search_path = pg_catalog, pg_temp;
    for i in 1 .. least(ceil(_queued / 50.0), 10) loop
        raise debug 'job_id %: executing vectorizer %', job_id, _v.id;
        perform ai.execute_vectorizer(_v.id);
    end loop;
    commit;
    set local search_path = pg_catalog, pg_temp;
end
$$;

-- Runs a vectorizer from SQL: pgai's ai extension provides ai.execute_vectorizer(int).
create function ai.execute_vectorizer(vectorizer_name text) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _id int;
begin
    select v.id into strict _id from ai.vectorizer v where v.name = vectorizer_name;
    perform ai.execute_vectorizer(_id);
end
$$;

create function ai.set_scheduling(vectorizer_id int, scheduling jsonb default ai.scheduling_default(),
    indexing jsonb default ai.indexing_default()) returns jsonb
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
declare
    _job_id int8;
    _config jsonb;
begin
    if indexing->>'implementation' = 'default' then
        indexing := ai._resolve_indexing_default();
    end if;
    perform ai._validate_indexing(indexing);
    if scheduling->>'implementation' = 'default' then
        scheduling := ai._resolve_scheduling_default();
    end if;
    perform ai._validate_scheduling(scheduling);
    -- pgai-spring: its worker builds HNSW indexes itself, so only diskann needs a schedule
    if scheduling->>'implementation' = 'none' and indexing->>'implementation' not in ('none', 'hnsw') then
        raise exception 'automatic indexing is not supported without scheduling. set indexing=>ai.indexing_none() when scheduling=>ai.scheduling_none()';
    end if;
    if exists (select from ai.vectorizer v where v.id = vectorizer_id and v.config #>> '{scheduling,job_id}' is not null) then
        execute 'select public.delete_job($1)'
        using (select (v.config #>> '{scheduling,job_id}')::int4 from ai.vectorizer v where v.id = vectorizer_id);
    end if;
    _job_id := ai._vectorizer_schedule_job(vectorizer_id, scheduling);
    if _job_id is not null then
        scheduling := jsonb_insert(scheduling, array['job_id'], to_jsonb(_job_id));
    end if;
    update ai.vectorizer v
    set config = v.config || jsonb_build_object('scheduling', scheduling, 'indexing', indexing)
    where v.id = vectorizer_id
    returning v.config into _config;
    return _config;
end
$$;

create function ai.grant_vectorizer_usage(to_user name, admin boolean default false) returns void
language plpgsql volatile security invoker set search_path to pg_catalog, pg_temp as $$
begin
    if admin then
        execute format('grant all privileges on schema ai to %I', to_user);
        execute format('grant all privileges on table ai.pgai_lib_version, ai.vectorizer, ai._vectorizer_errors, '
            || 'ai.vectorizer_errors, ai.vectorizer_status to %I', to_user);
        execute format('grant all privileges on sequence ai.vectorizer_id_seq to %I', to_user);
    else
        execute format('grant usage, create on schema ai to %I', to_user);
        execute format('grant select, insert, update, delete on table ai.vectorizer to %I', to_user);
        execute format('grant select on ai._vectorizer_errors, ai.vectorizer_errors, ai.vectorizer_status to %I', to_user);
        execute format('grant select, usage on sequence ai.vectorizer_id_seq to %I', to_user);
    end if;
end
$$;

-------------------------------------------------------------------------------
-- the vectorizers V1-V3 made, brought to pgai's layout; their views keep their definition
-------------------------------------------------------------------------------
do $upgrade$
declare
    _v ai.vectorizer;
    _column text;
begin
    for _v in select * from ai.vectorizer order by id loop
        if to_regclass(format('%I.%I', _v.source_schema, _v.source_table)) is null
            or to_regclass(format('%I.%I', _v.queue_schema, _v.queue_table)) is null
            or to_regclass(format('%I.%I', _v.queue_schema, _v.queue_failed_table)) is null then
            raise warning 'vectorizer % (%) has lost its source or queue table; left as it is: drop it with ai.drop_vectorizer(%)',
                _v.name, _v.id, _v.id;
            continue;
        end if;
        for _column in select k.attname from jsonb_to_recordset(_v.source_pk) k(attname name) loop
            execute format('alter table %I.%I alter column %I set not null', _v.queue_schema, _v.queue_table, _column);
            execute format('alter table %I.%I alter column %I set not null', _v.queue_schema, _v.queue_failed_table, _column);
        end loop;
        execute format('create index on %I.%I (%s)', _v.queue_schema, _v.queue_failed_table,
            ai._vectorizer_pk_list(_v.source_pk));
        perform ai._vectorizer_create_source_trigger(_v.trigger_name, _v.queue_schema, _v.queue_table,
            _v.source_schema, _v.source_table, _v.config->'destination'->>'target_schema',
            _v.config->'destination'->>'target_table', _v.source_pk);
    end loop;
end
$upgrade$;

-- the grants of the objects replaced above
do $grants$
declare
    _g record;
begin
    for _g in select * from _pgai_spring_v3_grants loop
        execute format('grant %s on %s ai.%I to %s', _g.privilege_type,
            case when _g.relname = 'vectorizer_id_seq' then 'sequence' else 'table' end, _g.relname,
            case when _g.grantee = 0 then 'public' else _g.grantee::regrole::text end);
    end loop;
end
$grants$;
