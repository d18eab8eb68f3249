-- A database set up by pgai-spring at 4b74916 (ai schema migrations V1-V3), as pg_dump --inserts wrote it
-- (without its psql-only \restrict lines): two vectorizers (one with a composite key and a named
-- destination), stored chunks, queued, failed and errored rows. UpgradeFromV3IntegrationTests
-- restores it and upgrades it in place.
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

--
-- Name: ai; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ai;


--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA shop;


--
-- Name: vector; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;


--
-- Name: EXTENSION vector; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';


--
-- Name: _check_chunk_sizes(integer, integer); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._check_chunk_sizes(chunk_size integer, chunk_overlap integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if chunk_size is null or chunk_size < 1 then
        raise exception 'chunk_size must be at least 1, not %', chunk_size
            using hint = 'e.g. ai.chunking_recursive_character_text_splitter(800, 400)';
    end if;
    if chunk_overlap is null or chunk_overlap < 0 or chunk_overlap >= chunk_size then
        raise exception 'chunk_overlap must be at least 0 and smaller than chunk_size (%), not %', chunk_size, chunk_overlap
            using hint = 'e.g. ai.chunking_recursive_character_text_splitter(800, 400)';
    end if;
end
$$;


--
-- Name: _create_source_triggers(integer); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._create_source_triggers(vectorizer_id integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
    _v ai.vectorizer;
    _store_schema name;
    _store_table name;
    _pk_cols text;
    _new_pk text;
    _old_pk text;
    _pk_changed text;
    _set_new_pk text;
begin
    select * into strict _v from ai.vectorizer where id = vectorizer_id;
    _store_schema := _v.config->'destination'->>'target_schema';
    _store_table := _v.config->'destination'->>'target_table';
    _pk_cols := ai._pk_columns(_v.source_pk);
    _new_pk := ai._pk_columns(_v.source_pk, 'new.');
    select string_agg(format('%I = old.%I', p->>'attname', p->>'attname'), ' and ' order by (p->>'pknum')::int),
           string_agg(format('new.%I is distinct from old.%I', p->>'attname', p->>'attname'), ' or ' order by (p->>'pknum')::int),
           string_agg(format('%I = new.%I', p->>'attname', p->>'attname'), ', ' order by (p->>'pknum')::int)
    into _old_pk, _pk_changed, _set_new_pk
    from jsonb_array_elements(_v.source_pk) p;

    execute format($f$
        create or replace function ai.%I() returns trigger
        language plpgsql volatile security definer set search_path to pg_catalog, pg_temp as $body$
        begin
            if tg_op = 'INSERT' then
                insert into %I.%I (%s) values (%s);
                return null;
            elsif tg_op = 'UPDATE' then
                if new is not distinct from old then
                    return null;
                end if;
                if %s then
                    update %I.%I set %s where %s;
                    -- the old key is queued too: a batch that claimed it before the change may
                    -- still write chunks under it; the worker removes them when it takes this entry
                    insert into %I.%I (%s) values (%s);
                end if;
                insert into %I.%I (%s) values (%s);
                return null;
            elsif tg_op = 'DELETE' then
                delete from %I.%I where %s;
                -- queued too: a batch that loaded the row before the delete may still write its
                -- chunks; the worker removes them when it takes this entry
                insert into %I.%I (%s) values (%s);
                return null;
            end if;
            return null;
        end
        $body$
        $f$, '_vectorizer_src_trg_' || vectorizer_id,
        _v.queue_schema, _v.queue_table, _pk_cols, _new_pk,
        _pk_changed, _store_schema, _store_table, _set_new_pk, _old_pk,
        _v.queue_schema, _v.queue_table, _pk_cols, ai._pk_columns(_v.source_pk, 'old.'),
        _v.queue_schema, _v.queue_table, _pk_cols, _new_pk,
        _store_schema, _store_table, _old_pk,
        _v.queue_schema, _v.queue_table, _pk_cols, ai._pk_columns(_v.source_pk, 'old.'));

    execute format($f$
        create or replace function ai.%I() returns trigger
        language plpgsql volatile security definer set search_path to pg_catalog, pg_temp as $body$
        begin
            truncate %I.%I;
            truncate %I.%I;
            return null;
        end
        $body$
        $f$, '_vectorizer_src_trg_truncate_' || vectorizer_id,
        _store_schema, _store_table, _v.queue_schema, _v.queue_table);

    execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_' || vectorizer_id, _v.source_schema, _v.source_table);
    execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_truncate_' || vectorizer_id, _v.source_schema, _v.source_table);
    execute format('create trigger %I after insert or update or delete on %I.%I for each row execute function ai.%I()',
        '_vectorizer_src_trg_' || vectorizer_id, _v.source_schema, _v.source_table, '_vectorizer_src_trg_' || vectorizer_id);
    execute format('create trigger %I after truncate on %I.%I for each statement execute function ai.%I()',
        '_vectorizer_src_trg_truncate_' || vectorizer_id, _v.source_schema, _v.source_table,
        '_vectorizer_src_trg_truncate_' || vectorizer_id);
end
$_$;


--
-- Name: _pk_columns(jsonb, text); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._pk_columns(source_pk jsonb, prefix text DEFAULT ''::text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select string_agg(prefix || quote_ident(p->>'attname'), ', ' order by (p->>'pknum')::int)
    from jsonb_array_elements(source_pk) p
$$;


--
-- Name: _pk_match(jsonb, text, text); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._pk_match(source_pk jsonb, left_alias text, right_alias text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select string_agg(format('%s.%I = %s.%I', left_alias, p->>'attname', right_alias, p->>'attname'),
        ' and ' order by (p->>'pknum')::int)
    from jsonb_array_elements(source_pk) p
$$;


--
-- Name: _vectorizer_src_trg_1(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._vectorizer_src_trg_1() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        begin
            if tg_op = 'INSERT' then
                insert into ai._vectorizer_q_1 (id) values (new.id);
                return null;
            elsif tg_op = 'UPDATE' then
                if new is not distinct from old then
                    return null;
                end if;
                if new.id is distinct from old.id then
                    update public.blog_posts_embedding_store set id = new.id where id = old.id;
                    -- the old key is queued too: a batch that claimed it before the change may
                    -- still write chunks under it; the worker removes them when it takes this entry
                    insert into ai._vectorizer_q_1 (id) values (old.id);
                end if;
                insert into ai._vectorizer_q_1 (id) values (new.id);
                return null;
            elsif tg_op = 'DELETE' then
                delete from public.blog_posts_embedding_store where id = old.id;
                -- queued too: a batch that loaded the row before the delete may still write its
                -- chunks; the worker removes them when it takes this entry
                insert into ai._vectorizer_q_1 (id) values (old.id);
                return null;
            end if;
            return null;
        end
        $$;


--
-- Name: _vectorizer_src_trg_2(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._vectorizer_src_trg_2() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        begin
            if tg_op = 'INSERT' then
                insert into ai._vectorizer_q_2 (tenant, n) values (new.tenant, new.n);
                return null;
            elsif tg_op = 'UPDATE' then
                if new is not distinct from old then
                    return null;
                end if;
                if new.tenant is distinct from old.tenant or new.n is distinct from old.n then
                    update shop.item_vectors set tenant = new.tenant, n = new.n where tenant = old.tenant and n = old.n;
                    -- the old key is queued too: a batch that claimed it before the change may
                    -- still write chunks under it; the worker removes them when it takes this entry
                    insert into ai._vectorizer_q_2 (tenant, n) values (old.tenant, old.n);
                end if;
                insert into ai._vectorizer_q_2 (tenant, n) values (new.tenant, new.n);
                return null;
            elsif tg_op = 'DELETE' then
                delete from shop.item_vectors where tenant = old.tenant and n = old.n;
                -- queued too: a batch that loaded the row before the delete may still write its
                -- chunks; the worker removes them when it takes this entry
                insert into ai._vectorizer_q_2 (tenant, n) values (old.tenant, old.n);
                return null;
            end if;
            return null;
        end
        $$;


--
-- Name: _vectorizer_src_trg_truncate_1(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._vectorizer_src_trg_truncate_1() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        begin
            truncate public.blog_posts_embedding_store;
            truncate ai._vectorizer_q_1;
            return null;
        end
        $$;


--
-- Name: _vectorizer_src_trg_truncate_2(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai._vectorizer_src_trg_truncate_2() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        begin
            truncate shop.item_vectors;
            truncate ai._vectorizer_q_2;
            return null;
        end
        $$;


--
-- Name: chunking_character_text_splitter(integer, integer, text, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.chunking_character_text_splitter(chunk_size integer DEFAULT 800, chunk_overlap integer DEFAULT 400, separator text DEFAULT '

'::text, is_separator_regex boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    perform ai._check_chunk_sizes(chunk_size, chunk_overlap);
    return jsonb_build_object('implementation', 'character_text_splitter', 'config_type', 'chunking',
        'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap, 'separator', separator,
        'is_separator_regex', is_separator_regex);
end
$$;


--
-- Name: chunking_none(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.chunking_none() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'chunking')
$$;


--
-- Name: chunking_recursive_character_text_splitter(integer, integer, text[], boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.chunking_recursive_character_text_splitter(chunk_size integer DEFAULT 800, chunk_overlap integer DEFAULT 400, separators text[] DEFAULT ARRAY['

'::text, '
'::text, '.'::text, '?'::text, '!'::text, ' '::text, ''::text], is_separator_regex boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    perform ai._check_chunk_sizes(chunk_size, chunk_overlap);
    return jsonb_build_object('implementation', 'recursive_character_text_splitter', 'config_type', 'chunking',
        'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap, 'separators', separators,
        'is_separator_regex', is_separator_regex);
end
$$;


--
-- Name: destination_table(name, name, name, name, name); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.destination_table(destination name DEFAULT NULL::name, target_schema name DEFAULT NULL::name, target_table name DEFAULT NULL::name, view_schema name DEFAULT NULL::name, view_name name DEFAULT NULL::name) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_strip_nulls(jsonb_build_object('implementation', 'table', 'config_type', 'destination',
        'destination', destination, 'target_schema', target_schema, 'target_table', target_table,
        'view_schema', view_schema, 'view_name', view_name))
$$;


--
-- Name: formatting_python_template(text); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.formatting_python_template(template text DEFAULT '$chunk'::text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'python_template', 'config_type', 'formatting',
        'template', template)
$$;


--
-- Name: indexing_default(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.indexing_default() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'default', 'config_type', 'indexing')
$$;


--
-- Name: parsing_auto(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.parsing_auto() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'auto', 'config_type', 'parsing')
$$;


--
-- Name: processing_default(integer, integer); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.processing_default(batch_size integer DEFAULT NULL::integer, concurrency integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if batch_size is not null and batch_size not between 1 and 2048 then
        raise exception 'batch_size must be between 1 and 2048, not %', batch_size;
    end if;
    if concurrency is not null and concurrency not between 1 and 50 then
        raise exception 'concurrency must be between 1 and 50, not %', concurrency;
    end if;
    return jsonb_strip_nulls(jsonb_build_object('implementation', 'default', 'config_type', 'processing',
        'batch_size', batch_size, 'concurrency', concurrency));
end
$$;


--
-- Name: scheduling_default(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.scheduling_default() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'default', 'config_type', 'scheduling')
$$;


--
-- Name: create_vectorizer(regclass, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, name, name, name[], boolean, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.create_vectorizer(source regclass, name text DEFAULT NULL::text, destination jsonb DEFAULT ai.destination_table(), loading jsonb DEFAULT NULL::jsonb, parsing jsonb DEFAULT ai.parsing_auto(), embedding jsonb DEFAULT NULL::jsonb, chunking jsonb DEFAULT ai.chunking_recursive_character_text_splitter(), indexing jsonb DEFAULT ai.indexing_default(), formatting jsonb DEFAULT ai.formatting_python_template(), scheduling jsonb DEFAULT ai.scheduling_default(), processing jsonb DEFAULT ai.processing_default(), queue_schema name DEFAULT NULL::name, queue_table name DEFAULT NULL::name, grant_to name[] DEFAULT NULL::name[], enqueue_existing boolean DEFAULT true, if_not_exists boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
    _source_schema name;
    _source_table name;
    _owner oid;
    _source_pk jsonb;
    _pk_defs text;
    _pk_cols text;
    _column_type text;
    _dimensions int;
    _target_schema name;
    _target_table name;
    _view_schema name;
    _view_name name;
    _name text;
    _id int;
    _queue_schema name;
    _queue_table name;
    _queue_failed_table name;
    _grantee name;
    _vector_schema name;
begin
    select n.nspname into _vector_schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'vector';
    if _vector_schema is null then
        raise exception 'the vector extension is not installed in this database; run CREATE EXTENSION vector';
    end if;

    select n.nspname, c.relname, c.relowner into strict _source_schema, _source_table, _owner
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.oid = source;

    if not pg_has_role(current_user, _owner, 'USAGE') then
        raise exception 'only the owner of %.% may create a vectorizer on it', quote_ident(_source_schema), quote_ident(_source_table);
    end if;

    -- the source's primary key, in key order, with each column's exact type
    select jsonb_agg(jsonb_build_object('attnum', a.attnum, 'pknum', k.pknum, 'attname', a.attname,
               'typname', format_type(a.atttypid, a.atttypmod)) order by k.pknum)
    into _source_pk
    from pg_index i
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, pknum)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = source and i.indisprimary;
    if _source_pk is null then
        raise exception 'the source table %.% has no primary key; a vectorizer needs one to link chunks to rows',
            quote_ident(_source_schema), quote_ident(_source_table);
    end if;

    if loading is null or loading->>'config_type' is distinct from 'loading' then
        raise exception 'loading is required, e.g. loading => ai.loading_column(''content'')';
    end if;
    select format_type(a.atttypid, a.atttypmod) into _column_type
    from pg_attribute a
    where a.attrelid = source and a.attname = loading->>'column_name' and a.attnum > 0 and not a.attisdropped;
    if _column_type is null then
        raise exception 'the loading column % does not exist in %.%', quote_ident(loading->>'column_name'),
            quote_ident(_source_schema), quote_ident(_source_table);
    end if;
    if _column_type !~ '^(text|character varying|character|bytea)' then
        raise exception 'the loading column % is of type %, but must be text, varchar, char or bytea',
            quote_ident(loading->>'column_name'), _column_type;
    end if;

    if embedding is null or embedding->>'config_type' is distinct from 'embedding' then
        raise exception 'embedding is required, e.g. embedding => ai.embedding_openai(''text-embedding-3-small'', 768)';
    end if;
    _dimensions := (embedding->>'dimensions')::int;
    if _dimensions is null then
        raise exception 'the embedding configuration must set dimensions, e.g. ai.embedding_openai(''text-embedding-3-small'', 768)';
    end if;
    if _dimensions not between 1 and 16000 then
        raise exception 'dimensions must be between 1 and 16000, not %', _dimensions;
    end if;
    if formatting->>'implementation' = 'python_template' and position('$chunk' in formatting->>'template') = 0 then
        raise exception 'the formatting template must contain $chunk, e.g. ai.formatting_python_template(''$title: $chunk'')';
    end if;
    if chunking->>'config_type' is distinct from 'chunking' or indexing->>'config_type' is distinct from 'indexing'
        or processing->>'config_type' is distinct from 'processing' or scheduling->>'config_type' is distinct from 'scheduling'
        or parsing->>'config_type' is distinct from 'parsing' or destination->>'config_type' is distinct from 'destination' then
        raise exception 'chunking, indexing, processing, scheduling, parsing and destination must be built with the ai.chunking_*, ai.indexing_*, ai.processing_*, ai.scheduling_*, ai.parsing_* and ai.destination_table functions';
    end if;

    _target_schema := coalesce(destination->>'target_schema', _source_schema);
    -- pgai: destination names the view, and the table is the destination plus _store
    _target_table := coalesce(destination->>'target_table',
        coalesce(destination->>'destination', _source_table || '_embedding') || '_store');
    _view_schema := coalesce(destination->>'view_schema', _source_schema);
    _view_name := coalesce(destination->>'view_name',
        coalesce(destination->>'destination', _source_table || '_embedding'));
    _name := coalesce(name, _target_schema || '_' || _target_table);
    if _name !~ '^[a-z][a-z_0-9]*$' then
        raise exception 'the vectorizer name % must match ^[a-z][a-z_0-9]*$; pass name => ''...''', _name;
    end if;

    select v.id into _id from ai.vectorizer v where v.name = _name;
    if _id is not null then
        if if_not_exists then
            raise notice 'a vectorizer named % already exists, skipping', _name;
            return _id;
        end if;
        raise exception 'a vectorizer named % already exists', _name;
    end if;
    if to_regclass(format('%I.%I', _target_schema, _target_table)) is not null then
        raise exception 'the destination table %.% already exists; choose another with destination => ai.destination_table(target_table => ''...'')',
            quote_ident(_target_schema), quote_ident(_target_table);
    end if;
    if to_regclass(format('%I.%I', _view_schema, _view_name)) is not null then
        raise exception 'the view %.% already exists; choose another with destination => ai.destination_table(view_name => ''...'')',
            quote_ident(_view_schema), quote_ident(_view_name);
    end if;

    insert into ai.vectorizer (name, source_schema, source_table, source_pk, queue_schema, queue_table,
        queue_failed_table, config)
    values (_name, _source_schema, _source_table, _source_pk, 'ai', '', '', '{}')
    returning id into _id;
    _queue_schema := coalesce(queue_schema, 'ai');
    _queue_table := coalesce(queue_table, '_vectorizer_q_' || _id);
    _queue_failed_table := '_vectorizer_q_failed_' || _id;
    update ai.vectorizer v set queue_schema = _queue_schema, queue_table = _queue_table,
        queue_failed_table = _queue_failed_table,
        config = jsonb_build_object('version', 'pgai-spring-1', 'loading', loading, 'parsing', parsing,
            'embedding', embedding, 'chunking', chunking, 'indexing', indexing, 'formatting', formatting,
            'scheduling', scheduling, 'processing', processing,
            'destination', destination || jsonb_build_object('target_schema', _target_schema,
                'target_table', _target_table, 'view_schema', _view_schema, 'view_name', _view_name))
    where v.id = _id;

    select string_agg(format('%I %s not null', p->>'attname', p->>'typname'), ', ' order by (p->>'pknum')::int)
    into _pk_defs from jsonb_array_elements(_source_pk) p;
    _pk_cols := ai._pk_columns(_source_pk);

    execute format('create table %I.%I (embedding_uuid uuid not null primary key default gen_random_uuid(), '
        || '%s, chunk_seq int not null, chunk text not null, embedding %I.vector(%s) not null, '
        || 'unique (%s, chunk_seq))', _target_schema, _target_table, _pk_defs, _vector_schema, _dimensions, _pk_cols);
    -- vectors stay inline and uncompressed, as pgai keeps them (the column clause needs PostgreSQL 16)
    execute format('alter table %I.%I alter column embedding set storage main', _target_schema, _target_table);

    execute format('create view %I.%I as select t.embedding_uuid, t.chunk_seq, t.chunk, t.embedding, s.* '
        || 'from %I.%I t left join %I.%I s on (%s)', _view_schema, _view_name, _target_schema, _target_table,
        _source_schema, _source_table, ai._pk_match(_source_pk, 't', 's'));

    execute format('create table %I.%I (%s, queued_at timestamptz not null default now(), '
        || 'loading_retries int not null default 0, loading_retry_after timestamptz)',
        _queue_schema, _queue_table, replace(_pk_defs, ' not null', ''));
    execute format('create index on %I.%I (%s)', _queue_schema, _queue_table, _pk_cols);
    execute format('create table %I.%I (%s, created_at timestamptz not null default now(), failure_step text not null default '''')',
        _queue_schema, _queue_failed_table, replace(_pk_defs, ' not null', ''));

    perform ai._create_source_triggers(_id);

    if grant_to is not null then
        foreach _grantee in array grant_to loop
            execute format('grant usage on schema ai to %I', _grantee);
            execute format('grant select on ai.vectorizer, ai._vectorizer_errors, ai.vectorizer_errors to %I', _grantee);
            execute format('grant insert on ai._vectorizer_errors to %I', _grantee);
            execute format('grant select, insert, update, delete on %I.%I, %I.%I to %I',
                _queue_schema, _queue_table, _queue_schema, _queue_failed_table, _grantee);
            execute format('grant select, insert, update, delete on %I.%I to %I', _target_schema, _target_table, _grantee);
            execute format('grant select on %I.%I to %I', _view_schema, _view_name, _grantee);
            execute format('grant select on %I.%I to %I', _source_schema, _source_table, _grantee);
        end loop;
    end if;

    if enqueue_existing then
        execute format('insert into %I.%I (%s) select %s from %I.%I', _queue_schema, _queue_table, _pk_cols,
            _pk_cols, _source_schema, _source_table);
    end if;
    return _id;
end
$_$;


--
-- Name: drop_vectorizer(integer, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.drop_vectorizer(vectorizer_id integer, drop_all boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    _v ai.vectorizer;
begin
    select * into _v from ai.vectorizer where id = vectorizer_id;
    if _v.id is null then
        raise exception 'no vectorizer with id % exists', vectorizer_id;
    end if;
    execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_' || _v.id, _v.source_schema, _v.source_table);
    execute format('drop trigger if exists %I on %I.%I', '_vectorizer_src_trg_truncate_' || _v.id, _v.source_schema, _v.source_table);
    execute format('drop function if exists ai.%I()', '_vectorizer_src_trg_' || _v.id);
    execute format('drop function if exists ai.%I()', '_vectorizer_src_trg_truncate_' || _v.id);
    execute format('drop table if exists %I.%I', _v.queue_schema, _v.queue_table);
    execute format('drop table if exists %I.%I', _v.queue_schema, _v.queue_failed_table);
    if drop_all then
        execute format('drop view if exists %I.%I', _v.config->'destination'->>'view_schema', _v.config->'destination'->>'view_name');
        execute format('drop table if exists %I.%I', _v.config->'destination'->>'target_schema', _v.config->'destination'->>'target_table');
    end if;
    delete from ai.vectorizer where id = _v.id;
end
$$;


--
-- Name: drop_vectorizer(text, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.drop_vectorizer(name text, drop_all boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    _id int;
begin
    select v.id into _id from ai.vectorizer v where v.name = drop_vectorizer.name;
    if _id is null then
        raise exception 'no vectorizer named % exists', drop_vectorizer.name;
    end if;
    perform ai.drop_vectorizer(_id, drop_all);
end
$$;


--
-- Name: embedding_local(text, integer); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.embedding_local(model text DEFAULT 'all-MiniLM-L6-v2'::text, dimensions integer DEFAULT 384) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'local', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions)
$$;


--
-- Name: embedding_ollama(text, integer, text, jsonb, text); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.embedding_ollama(model text, dimensions integer, base_url text DEFAULT NULL::text, options jsonb DEFAULT NULL::jsonb, keep_alive text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_strip_nulls(jsonb_build_object('implementation', 'ollama', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'base_url', base_url, 'options', options,
        'keep_alive', keep_alive))
$$;


--
-- Name: embedding_openai(text, integer, text, text, text); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.embedding_openai(model text, dimensions integer DEFAULT NULL::integer, chat_user text DEFAULT NULL::text, api_key_name text DEFAULT 'OPENAI_API_KEY'::text, base_url text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_strip_nulls(jsonb_build_object('implementation', 'openai', 'config_type', 'embedding',
        'model', model, 'dimensions', dimensions, 'user', chat_user, 'api_key_name', api_key_name,
        'base_url', base_url))
$$;


--
-- Name: grant_to(name[]); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.grant_to(VARIADIC grantees name[]) RETURNS name[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select array(select distinct g from unnest(grantees) g where g is not null order by g)
$$;


--
-- Name: indexing_hnsw(integer, text, integer, integer, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.indexing_hnsw(min_rows integer DEFAULT 100000, opclass text DEFAULT 'vector_cosine_ops'::text, m integer DEFAULT NULL::integer, ef_construction integer DEFAULT NULL::integer, create_when_queue_empty boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if opclass not in ('vector_cosine_ops', 'vector_l1_ops', 'vector_ip_ops', 'vector_l2_ops') then
        raise exception 'opclass must be one of vector_cosine_ops, vector_l1_ops, vector_ip_ops or vector_l2_ops, not %', opclass;
    end if;
    return jsonb_strip_nulls(jsonb_build_object('implementation', 'hnsw', 'config_type', 'indexing',
        'min_rows', min_rows, 'opclass', opclass, 'm', m, 'ef_construction', ef_construction,
        'create_when_queue_empty', create_when_queue_empty));
end
$$;


--
-- Name: indexing_none(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.indexing_none() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'indexing')
$$;


--
-- Name: loading_column(name, integer); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.loading_column(column_name name, retries integer DEFAULT 6) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'column', 'config_type', 'loading',
        'column_name', column_name, 'retries', retries)
$$;


--
-- Name: parsing_none(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.parsing_none() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'parsing')
$$;


--
-- Name: scheduling_none(); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.scheduling_none() RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select jsonb_build_object('implementation', 'none', 'config_type', 'scheduling')
$$;


--
-- Name: vectorizer_queue_pending(integer, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.vectorizer_queue_pending(vectorizer_id integer, exact_count boolean DEFAULT false) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    _v ai.vectorizer;
    _count bigint;
begin
    select * into _v from ai.vectorizer where id = vectorizer_id;
    if _v.id is null then
        raise exception 'no vectorizer with id % exists', vectorizer_id;
    end if;
    if exact_count then
        execute format('select count(*) from %I.%I', _v.queue_schema, _v.queue_table) into _count;
    else
        -- pgai caps the count so a huge queue costs nothing to report
        execute format('select count(*) from (select 1 from %I.%I limit 10001) q', _v.queue_schema, _v.queue_table) into _count;
        if _count > 10000 then
            return 9223372036854775807;
        end if;
    end if;
    return _count;
end
$$;


--
-- Name: vectorizer_queue_pending(text, boolean); Type: FUNCTION; Schema: ai; Owner: -
--

CREATE FUNCTION ai.vectorizer_queue_pending(name text, exact_count boolean DEFAULT false) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select ai.vectorizer_queue_pending(
        (select v.id from ai.vectorizer v where v.name = vectorizer_queue_pending.name), exact_count)
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: _pgai_spring_migration; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._pgai_spring_migration (
    version integer NOT NULL,
    description text NOT NULL,
    installed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: _vectorizer_errors; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._vectorizer_errors (
    id integer NOT NULL,
    message text,
    details jsonb,
    recorded timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: _vectorizer_q_1; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._vectorizer_q_1 (
    id bigint,
    queued_at timestamp with time zone DEFAULT now() NOT NULL,
    loading_retries integer DEFAULT 0 NOT NULL,
    loading_retry_after timestamp with time zone
);


--
-- Name: _vectorizer_q_2; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._vectorizer_q_2 (
    tenant text,
    n integer,
    queued_at timestamp with time zone DEFAULT now() NOT NULL,
    loading_retries integer DEFAULT 0 NOT NULL,
    loading_retry_after timestamp with time zone
);


--
-- Name: _vectorizer_q_failed_1; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._vectorizer_q_failed_1 (
    id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    failure_step text DEFAULT ''::text NOT NULL
);


--
-- Name: _vectorizer_q_failed_2; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai._vectorizer_q_failed_2 (
    tenant text,
    n integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    failure_step text DEFAULT ''::text NOT NULL
);


--
-- Name: vectorizer; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.vectorizer (
    id integer NOT NULL,
    name text NOT NULL,
    source_schema name NOT NULL,
    source_table name NOT NULL,
    source_pk jsonb NOT NULL,
    queue_schema name NOT NULL,
    queue_table name NOT NULL,
    queue_failed_table name NOT NULL,
    config jsonb NOT NULL,
    disabled boolean DEFAULT false NOT NULL,
    CONSTRAINT vectorizer_name_check CHECK ((name ~ '^[a-z][a-z_0-9]*$'::text))
);


--
-- Name: vectorizer_errors; Type: VIEW; Schema: ai; Owner: -
--

CREATE VIEW ai.vectorizer_errors AS
 SELECT v.name,
    e.id,
    e.message,
    e.details,
    e.recorded
   FROM (ai._vectorizer_errors e
     JOIN ai.vectorizer v ON ((v.id = e.id)));


--
-- Name: vectorizer_id_seq; Type: SEQUENCE; Schema: ai; Owner: -
--

ALTER TABLE ai.vectorizer ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME ai.vectorizer_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vectorizer_status; Type: VIEW; Schema: ai; Owner: -
--

CREATE VIEW ai.vectorizer_status AS
 SELECT v.id,
    v.name,
    format('%I.%I'::text, v.source_schema, v.source_table) AS source_table,
    format('%I.%I'::text, ((v.config -> 'destination'::text) ->> 'target_schema'::text), ((v.config -> 'destination'::text) ->> 'target_table'::text)) AS target_table,
    format('%I.%I'::text, ((v.config -> 'destination'::text) ->> 'view_schema'::text), ((v.config -> 'destination'::text) ->> 'view_name'::text)) AS view,
    ai.vectorizer_queue_pending(v.id) AS pending_items,
    v.disabled
   FROM ai.vectorizer v;


--
-- Name: blog_posts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blog_posts (
    id bigint NOT NULL,
    title text NOT NULL,
    content text
);


--
-- Name: blog_posts_embedding_store; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blog_posts_embedding_store (
    embedding_uuid uuid DEFAULT gen_random_uuid() NOT NULL,
    id bigint NOT NULL,
    chunk_seq integer NOT NULL,
    chunk text NOT NULL,
    embedding public.vector(384) NOT NULL
);
ALTER TABLE ONLY public.blog_posts_embedding_store ALTER COLUMN embedding SET STORAGE MAIN;


--
-- Name: blog_posts_embedding; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.blog_posts_embedding AS
 SELECT t.embedding_uuid,
    t.chunk_seq,
    t.chunk,
    t.embedding,
    s.id,
    s.title,
    s.content
   FROM (public.blog_posts_embedding_store t
     LEFT JOIN public.blog_posts s ON ((t.id = s.id)));


--
-- Name: item_vectors; Type: TABLE; Schema: shop; Owner: -
--

CREATE TABLE shop.item_vectors (
    embedding_uuid uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant text NOT NULL,
    n integer NOT NULL,
    chunk_seq integer NOT NULL,
    chunk text NOT NULL,
    embedding public.vector(3) NOT NULL
);
ALTER TABLE ONLY shop.item_vectors ALTER COLUMN embedding SET STORAGE MAIN;


--
-- Name: items; Type: TABLE; Schema: shop; Owner: -
--

CREATE TABLE shop.items (
    tenant text NOT NULL,
    n integer NOT NULL,
    body text
);


--
-- Name: item_search; Type: VIEW; Schema: shop; Owner: -
--

CREATE VIEW shop.item_search AS
 SELECT t.embedding_uuid,
    t.chunk_seq,
    t.chunk,
    t.embedding,
    s.tenant,
    s.n,
    s.body
   FROM (shop.item_vectors t
     LEFT JOIN shop.items s ON (((t.tenant = s.tenant) AND (t.n = s.n))));


--
-- Data for Name: _pgai_spring_migration; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai._pgai_spring_migration VALUES (1, 'vectorizer api', '2026-12-02 16:44:08.897826+00');
INSERT INTO ai._pgai_spring_migration VALUES (2, 'queue deletes', '2026-12-02 16:44:08.897826+00');
INSERT INTO ai._pgai_spring_migration VALUES (3, 'worker hardening', '2026-12-02 16:44:08.897826+00');


--
-- Data for Name: _vectorizer_errors; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai._vectorizer_errors VALUES (2, 'provider refused', '{"status": 400}', '2026-12-02 16:44:09.020138+00');


--
-- Data for Name: _vectorizer_q_1; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai._vectorizer_q_1 VALUES (3, '2026-12-02 16:44:08.925567+00', 0, NULL);


--
-- Data for Name: _vectorizer_q_2; Type: TABLE DATA; Schema: ai; Owner: -
--



--
-- Data for Name: _vectorizer_q_failed_1; Type: TABLE DATA; Schema: ai; Owner: -
--



--
-- Data for Name: _vectorizer_q_failed_2; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai._vectorizer_q_failed_2 VALUES ('b', 2, '2026-12-02 16:44:09.01393+00', 'embedding');


--
-- Data for Name: vectorizer; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.vectorizer VALUES (1, 'public_blog_posts_embedding_store', 'public', 'blog_posts', '[{"pknum": 1, "attnum": 1, "attname": "id", "typname": "bigint"}]', 'ai', '_vectorizer_q_1', '_vectorizer_q_failed_1', '{"loading": {"retries": 6, "column_name": "content", "config_type": "loading", "implementation": "column"}, "parsing": {"config_type": "parsing", "implementation": "auto"}, "version": "pgai-spring-1", "chunking": {"chunk_size": 800, "separators": ["\n\n", "\n", ".", "?", "!", " ", ""], "config_type": "chunking", "chunk_overlap": 400, "implementation": "recursive_character_text_splitter", "is_separator_regex": false}, "indexing": {"config_type": "indexing", "implementation": "default"}, "embedding": {"model": "all-MiniLM-L6-v2", "dimensions": 384, "config_type": "embedding", "implementation": "local"}, "formatting": {"template": "$title: $chunk", "config_type": "formatting", "implementation": "python_template"}, "processing": {"config_type": "processing", "implementation": "default"}, "scheduling": {"config_type": "scheduling", "implementation": "default"}, "destination": {"view_name": "blog_posts_embedding", "config_type": "destination", "view_schema": "public", "target_table": "blog_posts_embedding_store", "target_schema": "public", "implementation": "table"}}', false);
INSERT INTO ai.vectorizer VALUES (2, 'items', 'shop', 'items', '[{"pknum": 1, "attnum": 1, "attname": "tenant", "typname": "text"}, {"pknum": 2, "attnum": 2, "attname": "n", "typname": "integer"}]', 'ai', '_vectorizer_q_2', '_vectorizer_q_failed_2', '{"loading": {"retries": 6, "column_name": "body", "config_type": "loading", "implementation": "column"}, "parsing": {"config_type": "parsing", "implementation": "auto"}, "version": "pgai-spring-1", "chunking": {"chunk_size": 800, "separators": ["\n\n", "\n", ".", "?", "!", " ", ""], "config_type": "chunking", "chunk_overlap": 400, "implementation": "recursive_character_text_splitter", "is_separator_regex": false}, "indexing": {"config_type": "indexing", "implementation": "none"}, "embedding": {"model": "text-embedding-3-small", "dimensions": 3, "config_type": "embedding", "api_key_name": "OPENAI_API_KEY", "implementation": "openai"}, "formatting": {"template": "$chunk", "config_type": "formatting", "implementation": "python_template"}, "processing": {"config_type": "processing", "implementation": "default"}, "scheduling": {"config_type": "scheduling", "implementation": "default"}, "destination": {"view_name": "item_search", "config_type": "destination", "view_schema": "shop", "target_table": "item_vectors", "target_schema": "shop", "implementation": "table"}}', false);


--
-- Data for Name: blog_posts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.blog_posts VALUES (1, 'One', 'first post');
INSERT INTO public.blog_posts VALUES (2, 'Two', 'second post');
INSERT INTO public.blog_posts VALUES (3, 'Three', 'third post');


--
-- Data for Name: blog_posts_embedding_store; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.blog_posts_embedding_store VALUES ('cf59ca7e-ec5d-4d49-b888-6eecafe649c2', 1, 0, 'One: first post', '[0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25]');
INSERT INTO public.blog_posts_embedding_store VALUES ('ec243130-648d-48dd-958c-c8e52675a466', 2, 0, 'Two: second post', '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]');


--
-- Data for Name: item_vectors; Type: TABLE DATA; Schema: shop; Owner: -
--

INSERT INTO shop.item_vectors VALUES ('c987e305-1772-4899-b9a5-c0c2fe372198', 'a', 1, 0, 'apple', '[0,0,1]');


--
-- Data for Name: items; Type: TABLE DATA; Schema: shop; Owner: -
--

INSERT INTO shop.items VALUES ('a', 1, 'apple');
INSERT INTO shop.items VALUES ('b', 2, 'banana');


--
-- Name: vectorizer_id_seq; Type: SEQUENCE SET; Schema: ai; Owner: -
--

SELECT pg_catalog.setval('ai.vectorizer_id_seq', 2, true);


--
-- Name: _pgai_spring_migration _pgai_spring_migration_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai._pgai_spring_migration
    ADD CONSTRAINT _pgai_spring_migration_pkey PRIMARY KEY (version);


--
-- Name: vectorizer vectorizer_name_key; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.vectorizer
    ADD CONSTRAINT vectorizer_name_key UNIQUE (name);


--
-- Name: vectorizer vectorizer_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.vectorizer
    ADD CONSTRAINT vectorizer_pkey PRIMARY KEY (id);


--
-- Name: blog_posts_embedding_store blog_posts_embedding_store_id_chunk_seq_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_posts_embedding_store
    ADD CONSTRAINT blog_posts_embedding_store_id_chunk_seq_key UNIQUE (id, chunk_seq);


--
-- Name: blog_posts_embedding_store blog_posts_embedding_store_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_posts_embedding_store
    ADD CONSTRAINT blog_posts_embedding_store_pkey PRIMARY KEY (embedding_uuid);


--
-- Name: blog_posts blog_posts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blog_posts
    ADD CONSTRAINT blog_posts_pkey PRIMARY KEY (id);


--
-- Name: item_vectors item_vectors_pkey; Type: CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.item_vectors
    ADD CONSTRAINT item_vectors_pkey PRIMARY KEY (embedding_uuid);


--
-- Name: item_vectors item_vectors_tenant_n_chunk_seq_key; Type: CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.item_vectors
    ADD CONSTRAINT item_vectors_tenant_n_chunk_seq_key UNIQUE (tenant, n, chunk_seq);


--
-- Name: items items_pkey; Type: CONSTRAINT; Schema: shop; Owner: -
--

ALTER TABLE ONLY shop.items
    ADD CONSTRAINT items_pkey PRIMARY KEY (tenant, n);


--
-- Name: _vectorizer_errors_id_recorded_idx; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX _vectorizer_errors_id_recorded_idx ON ai._vectorizer_errors USING btree (id, recorded);


--
-- Name: _vectorizer_q_1_id_idx; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX _vectorizer_q_1_id_idx ON ai._vectorizer_q_1 USING btree (id);


--
-- Name: _vectorizer_q_2_tenant_n_idx; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX _vectorizer_q_2_tenant_n_idx ON ai._vectorizer_q_2 USING btree (tenant, n);


--
-- Name: blog_posts _vectorizer_src_trg_1; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER _vectorizer_src_trg_1 AFTER INSERT OR DELETE OR UPDATE ON public.blog_posts FOR EACH ROW EXECUTE FUNCTION ai._vectorizer_src_trg_1();


--
-- Name: blog_posts _vectorizer_src_trg_truncate_1; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER _vectorizer_src_trg_truncate_1 AFTER TRUNCATE ON public.blog_posts FOR EACH STATEMENT EXECUTE FUNCTION ai._vectorizer_src_trg_truncate_1();


--
-- Name: items _vectorizer_src_trg_2; Type: TRIGGER; Schema: shop; Owner: -
--

CREATE TRIGGER _vectorizer_src_trg_2 AFTER INSERT OR DELETE OR UPDATE ON shop.items FOR EACH ROW EXECUTE FUNCTION ai._vectorizer_src_trg_2();


--
-- Name: items _vectorizer_src_trg_truncate_2; Type: TRIGGER; Schema: shop; Owner: -
--

CREATE TRIGGER _vectorizer_src_trg_truncate_2 AFTER TRUNCATE ON shop.items FOR EACH STATEMENT EXECUTE FUNCTION ai._vectorizer_src_trg_truncate_2();


--
-- Name: _vectorizer_errors _vectorizer_errors_id_fkey; Type: FK CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai._vectorizer_errors
    ADD CONSTRAINT _vectorizer_errors_id_fkey FOREIGN KEY (id) REFERENCES ai.vectorizer(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


