-- The vectorizer of pgai's SQLAlchemy guide, with the embedding model chosen by the Spring profile
-- (placeholder "embedding" in application*.yml): the in-process all-MiniLM-L6-v2 by default.
SELECT ai.create_vectorizer(
    'blog_posts'::regclass,
    loading => ai.loading_column('content'),
    embedding => ${embedding},
    chunking => ai.chunking_recursive_character_text_splitter(
        50,  -- chunk_size
        10   -- chunk_overlap
    )
);
