-- The starter installs the ai schema before Flyway runs. Chunks of about 800 characters suit the
-- model (it reads about 256 word pieces), and each chunk carries its recipe's title.
SELECT ai.create_vectorizer(
    'recipes'::regclass,
    loading => ai.loading_column('instructions'),
    embedding => ai.embedding_local('all-MiniLM-L6-v2', 384),
    chunking => ai.chunking_recursive_character_text_splitter(800, 400),
    formatting => ai.formatting_python_template('$title: $chunk')
);
