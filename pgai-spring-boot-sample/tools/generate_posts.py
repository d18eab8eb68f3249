#!/usr/bin/env python3
"""Writes src/main/resources/data/posts.csv: the sample blog's posts.

The sentences below were written for this sample. Each post combines sentences of one topic, in a
seeded order, so that the file is reproducible and every post reads as a short article on its topic.
Run from the sample module: python3 tools/generate_posts.py
"""
import csv
import random

TOPICS = {
    "Cooking": [
        "Salt the pasta water until it tastes like the sea.",
        "A cast iron pan holds heat far better than a thin steel one.",
        "Let meat rest for a few minutes after roasting so the juices settle.",
        "Fresh basil should be torn, not chopped, to keep its colour.",
        "A splash of starchy cooking water turns butter and cheese into a glossy sauce.",
        "Onions need a slow, patient heat before they turn sweet and golden.",
        "Bread dough rises best in a warm kitchen away from draughts.",
        "Taste the soup before serving and adjust the seasoning at the end.",
        "Risotto wants hot stock added one ladle at a time while you stir.",
        "Sharp knives are safer than dull ones because they do not slip.",
    ],
    "Gardening": [
        "Tomatoes want at least six hours of direct sun every day.",
        "Water the beds early in the morning so the leaves dry before night.",
        "Compost turns kitchen scraps into dark, crumbly soil within a season.",
        "Mulch keeps moisture in the ground and weeds out of sight.",
        "Prune roses in late winter just above an outward facing bud.",
        "Seedlings grown indoors need a week of hardening off before planting out.",
        "Bees visit lavender and borage all summer long.",
        "Rotate vegetable crops each year to keep soil diseases at bay.",
        "Clay soil drains better once you dig in plenty of organic matter.",
        "Tall plants should stand on the north side of the bed so they do not shade the rest.",
    ],
    "Cycling": [
        "Check tyre pressure before every ride; soft tyres waste energy.",
        "A clean, lubricated chain shifts smoothly and lasts much longer.",
        "Patch a punctured inner tube by roughening the rubber before applying glue.",
        "Saddle height is right when your knee is slightly bent at the bottom of the stroke.",
        "Brake pads wear down faster on wet, gritty roads.",
        "Commuting by bike turns the daily journey into free exercise.",
        "Lights and reflective clothing make riders visible after dark.",
        "Spin an easy gear on steep climbs instead of grinding a hard one.",
        "Carry a spare tube, tyre levers and a small pump on long rides.",
        "A mountain bike needs its suspension serviced once a year.",
    ],
    "Databases": [
        "An index on the columns you filter by can turn a slow query into a fast one.",
        "Explain analyze shows the plan PostgreSQL chose and how long each step took.",
        "Transactions make a group of changes succeed or fail together.",
        "Vacuum reclaims space left behind by updated and deleted rows.",
        "Foreign keys keep related tables consistent with each other.",
        "Connection pools avoid the cost of opening a new connection for every request.",
        "Vector columns store embeddings so similar items can be found by distance.",
        "An HNSW index trades a little accuracy for much faster nearest neighbour search.",
        "Backups are only real once you have practised restoring them.",
        "Read replicas spread query load away from the primary server.",
    ],
    "Astronomy": [
        "Jupiter's four largest moons are visible through ordinary binoculars.",
        "Light from the nearest star beyond the Sun takes over four years to reach us.",
        "A dark sky far from city lights reveals the band of the Milky Way.",
        "The Moon always shows the same face to Earth because its rotation is locked.",
        "Meteor showers happen when Earth passes through the dust left by a comet.",
        "Saturn's rings are made of countless pieces of ice and rock.",
        "Telescopes gather light; magnification matters far less than aperture.",
        "A solar eclipse happens when the Moon passes between the Sun and Earth.",
        "Mars looks red because iron in its dust has rusted.",
        "Galaxies collide over hundreds of millions of years without stars touching.",
    ],
    "Music": [
        "Practising scales slowly builds the finger memory that fast passages need.",
        "A metronome exposes the places where your timing drifts.",
        "Guitar strings sound dull once they have lost their brightness with age.",
        "Singing from the diaphragm gives the voice power without strain.",
        "Learning to read sheet music opens up centuries of written pieces.",
        "Jazz musicians improvise over the chord changes of a tune.",
        "Tuning the piano twice a year keeps it sounding sweet.",
        "Recording yourself reveals mistakes you never hear while playing.",
        "A string quartet balances two violins, a viola and a cello.",
        "Drummers keep the band together by holding a steady pulse.",
    ],
    "Travel": [
        "Pack half the clothes you think you need and twice the patience.",
        "Night trains save the cost of a hotel and a day of travel.",
        "Learning a few words of the local language opens many doors.",
        "Travel insurance pays for itself the first time a flight is cancelled.",
        "Old town centres are best explored on foot early in the morning.",
        "Carry copies of your passport separately from the original.",
        "Local markets show what a region really eats.",
        "Jet lag fades faster if you follow the new time zone from the first day.",
        "Hostels are a cheap way to meet other travellers.",
        "Booking museum tickets online skips the longest queues.",
    ],
    "Running": [
        "Build weekly mileage slowly to avoid injury.",
        "A long run each weekend builds the endurance a marathon demands.",
        "Easy runs should feel slow enough to hold a conversation.",
        "Running shoes lose their cushioning after several hundred kilometres.",
        "Interval training raises your speed more than steady running alone.",
        "Rest days are when the body actually grows stronger.",
        "Drink water regularly on hot days, not only when you feel thirsty.",
        "A short warm up prepares the muscles for harder efforts.",
        "Race day is no time to try new food or new shoes.",
        "Stretching after a run eases stiffness the next morning.",
    ],
    "Pets": [
        "Puppies need small meals several times a day.",
        "Reward calm behaviour with treats to train a young dog.",
        "Cats sleep for most of the day and hunt at dawn and dusk.",
        "A scratching post saves the sofa from a cat's claws.",
        "Regular vet visits catch health problems early.",
        "Dogs need daily walks for exercise and for their minds.",
        "Fresh water should always be within reach of a pet.",
        "Rabbits are social and are happier living in pairs.",
        "Brushing a long haired dog prevents painful mats.",
        "A crate gives a new puppy a safe place of its own.",
    ],
    "Photography": [
        "The golden hour after sunrise gives soft, warm light.",
        "A tripod keeps long exposures sharp in low light.",
        "The rule of thirds places the subject off centre for balance.",
        "A wide aperture blurs the background behind a portrait.",
        "Shooting in raw keeps the most detail for later editing.",
        "Clean the lens before blaming the camera for soft pictures.",
        "Fast shutter speeds freeze birds in flight.",
        "Overcast days are perfect for photographing flowers.",
        "Get closer to your subject than feels comfortable.",
        "Back up photographs to two places before formatting the memory card.",
    ],
    "Personal finance": [
        "Pay yourself first by saving a fixed share of every salary.",
        "An emergency fund covers three to six months of expenses.",
        "Index funds spread money across many companies at low cost.",
        "Credit card interest grows quickly when the balance is not paid in full.",
        "A monthly budget shows where the money actually goes.",
        "Compound interest rewards those who start saving early.",
        "Compare insurance quotes every year instead of renewing automatically.",
        "Selling in a panic turns a paper loss into a real one.",
        "Automatic transfers make saving happen without willpower.",
        "Keep receipts for large purchases in case of returns or warranty claims.",
    ],
    "History": [
        "The printing press made books cheap enough for ordinary people.",
        "Roman roads connected an empire that stretched across three continents.",
        "The Silk Road carried ideas as well as goods between east and west.",
        "Medieval castles were built on high ground to be easy to defend.",
        "The steam engine powered the first factories and railways.",
        "Ancient Egyptians wrote on papyrus made from river reeds.",
        "The Renaissance revived interest in classical art and learning.",
        "Explorers navigated by the stars before accurate clocks existed.",
        "The telegraph sent news across oceans in minutes instead of weeks.",
        "Cities grew rapidly as people moved from farms to factory work.",
    ],
    "Programming": [
        "Small functions with clear names are easier to test and to read.",
        "Version control lets a team change code without losing work.",
        "Automated tests catch regressions before users do.",
        "Code review spreads knowledge across the whole team.",
        "Premature optimisation wastes time on code that is not slow.",
        "Logging the right context makes production problems easy to diagnose.",
        "Dependency injection keeps components loosely coupled.",
        "A failing build on the main branch should be fixed before anything else.",
        "Immutable objects are safe to share between threads.",
        "Good error messages say what went wrong and how to fix it.",
    ],
    "Climate": [
        "Burning coal releases more carbon dioxide than any other fuel.",
        "Solar panels have become the cheapest source of new electricity in many countries.",
        "Forests absorb carbon as they grow.",
        "Rising seas threaten low lying coastal cities.",
        "Heat pumps warm homes using a fraction of the energy of a boiler.",
        "Melting glaciers feed rivers that millions of people depend on.",
        "Insulating a house cuts heating bills and emissions together.",
        "Wind farms at sea catch stronger and steadier winds than on land.",
        "Electric cars produce no exhaust in city streets.",
        "Droughts and floods are becoming more frequent as the planet warms.",
    ],
    "Chess": [
        "Control the centre of the board early in the game.",
        "Develop knights and bishops before moving the queen.",
        "Castling tucks the king away and connects the rooks.",
        "A passed pawn becomes more dangerous as it advances.",
        "Look for checks, captures and threats before every move.",
        "Endgames reward precise calculation more than any other phase.",
        "Two bishops working together are a powerful pair in open positions.",
        "Studying master games teaches plans as well as tactics.",
        "A knight on the rim is dim, as the old saying goes.",
        "Time trouble causes more blunders than lack of knowledge.",
    ],
    "Coffee": [
        "Grind coffee beans just before brewing for the best flavour.",
        "Water just off the boil extracts coffee without scorching it.",
        "A pour over brew rewards a slow, steady pour in circles.",
        "Espresso needs a fine grind and firm, even tamping.",
        "Light roasts taste fruity while dark roasts taste bitter and smoky.",
        "Store beans in an airtight jar away from light and heat.",
        "A burr grinder gives a more even grind than a blade grinder.",
        "Milk should be steamed until it is silky, not boiling.",
        "Cold brew steeps for many hours and tastes smooth and mild.",
        "Weighing coffee and water makes every cup consistent.",
    ],
    "Hiking": [
        "Tell someone your route before heading into the mountains.",
        "Layers of clothing adapt to changing weather on the trail.",
        "Broken in boots prevent blisters on long walks.",
        "Carry more water than you think you will need.",
        "A paper map still works when the phone battery dies.",
        "Start early to be off exposed ridges before afternoon storms.",
        "Leave no trace by carrying out everything you carry in.",
        "Trekking poles take strain off the knees on steep descents.",
        "Check the forecast and turn back if conditions get worse.",
        "A head torch belongs in every pack, even on day hikes.",
    ],
    "Woodworking": [
        "Measure twice and cut once to avoid wasting timber.",
        "Sharp chisels cut cleanly and are easier to control.",
        "Glue joints need clamping pressure while they dry.",
        "Sand with the grain to avoid scratches across the surface.",
        "Dovetail joints hold drawers together without screws.",
        "Let timber acclimatise to the workshop before building with it.",
        "A finish of oil brings out the figure in the wood.",
        "Safety glasses and hearing protection belong on every project.",
        "Hand planes flatten boards quietly and leave a smooth surface.",
        "Pilot holes stop screws from splitting hardwood.",
    ],
    "Sleep": [
        "Going to bed at the same time every night steadies the body clock.",
        "Screens before bed delay sleep with their bright blue light.",
        "A cool, dark bedroom helps you fall asleep faster.",
        "Caffeine in the afternoon can keep you awake at night.",
        "Short naps refresh without leaving you groggy.",
        "Regular exercise improves the quality of sleep.",
        "Heavy meals late in the evening disturb rest.",
        "Adults need around seven to nine hours of sleep.",
        "Writing down worries before bed can quiet a busy mind.",
        "Morning daylight tells the body when the day begins.",
    ],
    "Languages": [
        "Daily practice beats long weekly study sessions for learning a language.",
        "Flashcards with spaced repetition fix new vocabulary in memory.",
        "Listening to podcasts trains the ear for natural speech.",
        "Speaking early, even with mistakes, builds confidence.",
        "Grammar makes more sense once you have heard it in use.",
        "Reading children's books is a gentle start in a new language.",
        "Language exchange partners teach each other their native tongues.",
        "Subtitles in the target language connect sounds and spelling.",
        "Cognates give English speakers a head start with Spanish and French.",
        "Immersion abroad speeds learning more than any app.",
    ],
}

TITLE_SHAPES = ["{}: notes from this week", "Getting better at {}", "What I learned about {}",
                "A beginner's guide to {}", "Five habits for {}", "{} without the fuss",
                "Mistakes I made with {}", "Why {} matters", "{} in practice", "Rethinking {}",
                "Small steps in {}", "{} for busy people", "An evening of {}", "{} questions answered",
                "The basics of {}"]


def main():
    random.seed(20261126)
    rows = []
    post_id = 0
    for topic, sentences in TOPICS.items():
        for shape in TITLE_SHAPES:
            post_id += 1
            picked = random.sample(sentences, random.randint(3, 5))
            paragraphs = [" ".join(picked[:2]), " ".join(picked[2:])]
            rows.append((post_id, shape.format(topic.lower() if not shape.startswith("{}") else topic), topic,
                         "\n\n".join(p for p in paragraphs if p)))
    random.shuffle(rows)
    with open("src/main/resources/data/posts.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "category", "content"])
        for _, title, category, content in rows:
            writer.writerow([title, category, content])
    print(f"{len(rows)} posts")


if __name__ == "__main__":
    main()
