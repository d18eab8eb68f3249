-- The GIN index that hybrid searches match the chunks' words with: the expression must be the one
-- they search, to_tsvector in the text search configuration of pgai.search.hybrid.text-search-config.
-- (A vectorizer can have the worker create it instead: CreateVectorizer.textSearchIndex("english").)
CREATE INDEX manual_pages_embedding_store_chunk_tsv_idx
    ON manual_pages_embedding_store USING gin (to_tsvector('english', chunk));
