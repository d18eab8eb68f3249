-- Worker hardening.
-- 1. A primary-key change also queues the old key: a batch that claimed the row under its old key
--    before the change may still write chunks under it; the worker removes them when it takes the
--    entry. Replaces the trigger generator and regenerates the triggers of existing vectorizers.
-- 2. Chunking configurations that can never work are refused when they are built, so that
--    create_vectorizer fails with the reason instead of the worker failing on every batch.

-- The source's triggers keep queue and store in step with the source rows.
create or replace function ai._create_source_triggers(vectorizer_id int) returns void
language plpgsql volatile set search_path to pg_catalog, pg_temp as $func$
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
$func$;

select ai._create_source_triggers(id) from ai.vectorizer;

-- The splitters' limits, checked where the configuration is built.
create or replace function ai._check_chunk_sizes(chunk_size int, chunk_overlap int) returns void
language plpgsql immutable set search_path to pg_catalog, pg_temp as $func$
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
$func$;

create or replace function ai.chunking_character_text_splitter
( chunk_size int default 800
, chunk_overlap int default 400
, separator text default E'\n\n'
, is_separator_regex boolean default false
) returns jsonb
language plpgsql immutable set search_path to pg_catalog, pg_temp as $func$
begin
    perform ai._check_chunk_sizes(chunk_size, chunk_overlap);
    return jsonb_build_object('implementation', 'character_text_splitter', 'config_type', 'chunking',
        'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap, 'separator', separator,
        'is_separator_regex', is_separator_regex);
end
$func$;

create or replace function ai.chunking_recursive_character_text_splitter
( chunk_size int default 800
, chunk_overlap int default 400
, separators text[] default array[E'\n\n', E'\n', '.', '?', '!', ' ', '']
, is_separator_regex boolean default false
) returns jsonb
language plpgsql immutable set search_path to pg_catalog, pg_temp as $func$
begin
    perform ai._check_chunk_sizes(chunk_size, chunk_overlap);
    return jsonb_build_object('implementation', 'recursive_character_text_splitter', 'config_type', 'chunking',
        'chunk_size', chunk_size, 'chunk_overlap', chunk_overlap, 'separators', separators,
        'is_separator_regex', is_separator_regex);
end
$func$;
