create table stories (id bigint primary key, title text not null, content text not null);

insert into stories values (1, 'The fox', 'A quick brown fox.'), (2, 'The dog', 'A lazy dog.');

SELECT ai.create_vectorizer(
    'stories'::regclass,
    loading => ai.loading_column('content'),
    embedding => ai.embedding_openai('text-embedding-3-small', 768),
    chunking => ai.chunking_recursive_character_text_splitter(50, 10)
);
