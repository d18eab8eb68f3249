-- The vectorizer of pgai's SQLAlchemy guide, with the embedding model chosen by the Spring profile
-- (placeholder "embedding" in application*.yml): the in-process all-MiniLM-L6-v2 by default.
-- all-MiniLM-L6-v2 reads 256 word pieces, about 1,000 characters of English: chunks of 800
-- characters with 100 of overlap fit whole, and each is embedded after its page's title.
SELECT ai.create_vectorizer(
    'manual_pages'::regclass,
    loading => ai.loading_column('content'),
    embedding => ${embedding},
    chunking => ai.chunking_recursive_character_text_splitter(
        800,  -- chunk_size
        100   -- chunk_overlap
    ),
    formatting => ai.formatting_python_template('$title: $chunk')
);
