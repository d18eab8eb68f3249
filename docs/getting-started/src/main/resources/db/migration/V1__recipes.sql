-- No CREATE EXTENSION vector here: the starter creates it at startup, before Flyway runs, where the
-- database user may; where not, startup stops with the SQL to run as the database owner.
CREATE TABLE recipes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        text NOT NULL,
    cuisine      text NOT NULL,
    instructions text NOT NULL
);

INSERT INTO recipes (title, cuisine, instructions) VALUES
('Tomato basil pasta', 'Italian', 'Boil the spaghetti. Warm olive oil with garlic, add chopped tomatoes and basil, toss with the pasta. Ready in fifteen minutes, no meat.'),
('Vegetable stir-fry', 'Chinese', 'Slice peppers, carrots and broccoli. Fry them hot and fast in a wok with ginger and soy sauce. Serve over rice within ten minutes.'),
('Greek salad', 'Greek', 'Cut tomatoes, cucumber and red onion, add olives and a slab of feta, dress with olive oil and oregano. No cooking needed.'),
('Beef stew', 'French', 'Brown the beef in batches, add onions, carrots and red wine, then simmer slowly for three hours until tender.'),
('Roast lamb', 'British', 'Rub a leg of lamb with garlic and rosemary and roast it for two hours; rest it before carving.'),
('Chicken curry', 'Indian', 'Cook onions with garam masala and turmeric, add chicken pieces and coconut milk, and simmer for forty minutes.'),
('Pork ribs', 'American', 'Marinate the ribs overnight in a smoky sauce, then bake them low and slow for three hours.'),
('Miso soup', 'Japanese', 'Heat dashi, stir in miso paste, add tofu cubes and spring onions. Five minutes from start to bowl.');
