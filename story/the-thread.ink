# title: The Thread of Night
# description: Somewhere in a ballroom full of strangers is the one face you came for, and the night will let you look for it, for a while.
# color: \#8e7cc3

// What the night remembers of you. None of it is ever named in the telling; it shows in the story's own things.
// called   you shouted your friend's name on arrival: the children pass it round, the friend heard it, it comes back
//          at the end, and a second call in the corner turns them.
VAR called = false
// called_back  you shouted it after them in the corner, when they walked away: they come back, and remember it.
VAR called_back = false
// compass  you kept the children's compass: it warms near your friend, turns its back on the grey coat, leads you
//          back through the crowd, and its warmth is in your palm when you wake.
VAR compass = false
// tune     you looked into the mirror masks: half a tune you once knew; the friend hums it, and you wake humming it.
VAR tune = false
// tea      you drank the scholars' tea: a taste of honey and a handwriting glimpsed, which come back at the end.
VAR tea = false
// word     you trusted the riddle and found the one word: it can turn your friend round in the corner.
VAR word = false
// floor    "danced", "edge" or "hall": how you crossed the dancers' floor; the scholars see it on you.
VAR floor = ""
// held     how close the night holds the two of you: every reach toward your friend, every sign trusted. It shows
//          as the thread tied round your finger drawing tighter each time, and at the field as the colour of the
//          lavender and the thread between you, taut or slack; at 3 or more, the field keeps its colour when you laugh.
VAR held = 0
// pull     how far the moon-masked woman has her claim on you (looking into her mirrors, following her dancer,
//          drinking the scholars' tea): at 2 she comes for you at the map; in the field, any at all and her drum is
//          still beating under the lavender, and the ground will not let you stay.
VAR pull = 0

-> ballroom

=== ballroom ===
You come into the ballroom the way smoke comes under a door: slowly, without ever quite deciding to. Overhead, the chandeliers swell amber and fade and swell again, in time with a drum you feel in your back teeth but cannot find. # scene: The ballroom
Strangers everywhere, gathered in little knots, each knot turning on its own private axis and {~laughing at jokes you arrive too late to hear|toasting someone whose name you never catch|passing round a story you join halfway through}.
Somewhere in all of this is your friend. You lost them between one song and the next, and you have the feeling the night will not wait for you.
Round your forefinger is a loop of white thread, the kind you tie to remember something. You can't think what. Its loose end hangs slack, a few inches of nothing. # introduces: finger thread
* [Call their name across the room]
    ~ called = true
    You cup your hands and call. The name goes out over the crowd like a paper boat pushed onto dark water.
    A hundred faces turn toward you, pleasant and blank, and turn away again. Nobody answers. But far off, you could swear, a pen stops scratching. {tighten()} # pause: 2
* [Search quietly, face by face]
    You keep the name behind your teeth and begin to look, face by face, like someone reading down a very long list for one name.
    No one is them. Everyone is almost them, for half a heartbeat, and then not.
- -> children

=== children ===
{~At the foot of a marble pillar|In the shade of a potted palm|By the doors of the cloakroom} sits a ring of children with constellations painted across their faces, passing the names of stars from mouth to ear in a whispering game that never seems to end. # scene: The painted children
{called:
    One name going round the circle is no star's. It is the one you just shouted, handed from ear to ear like a secret too good to keep.
- else:
    When you kneel among them the whispering stops, and every painted face tips up toward you at once.
}
You ask if anyone here has seen your friend, and they dissolve into giggles, as if you had asked where the sea keeps its salt.
The smallest of them, the Plough dotted in white across her nose, presses something into your palm: a silver compass no bigger than a button. "It's no good for north," she whispers. "It only ever knows which way the laughing is."
* [Keep the compass and follow its needle]
    ~ compass = true
    The needle whirls like a dropped coin, then settles, trembling, on a doorway hung with heavy velvet curtains.
    You turn to thank the children, but they have already gone back to their stars. {tighten()}
* [Give it back; you'll find them your own way]
    You fold her small fingers back over the compass. The stars on her cheeks seem to dim, and the circle closes without you.
    With nothing to steer by, you follow the drum instead, and the drum, as drums do, draws you deeper in, to a doorway hung with heavy velvet curtains.
- -> curtains

=== curtains ===
# CLEAR
You part the velvet. Beyond it, a company of masked dancers turns in slow circles, as if the air were water and they had all the night to cross it. # scene: The mirrored dancers
Their masks are mirrors. In each you see yourself, and behind yourself, things you nearly remember: half a song someone used to hum; a kitchen at two in the morning, the kettle beginning to tick; a street in a cloudburst, and two people under one coat.
The one who leads them wears a thin silver crescent for a face. She holds out a gloved hand to you, palm up.
{compass:
    In your pocket the compass needle shivers and will not settle, as though the laughter in here were real and not real at once.
- else:
    There is no hurry in the gesture. It belongs to someone who has never been refused for long.
}
At the edge of the troupe, one dancer's mask does not show your face. It shows your friend's, and that dancer is drifting toward a narrow side door.
* [Take the moon-woman's hand and dance]
    ~ floor = "danced"
    -> dance
* [Bow, decline, and keep to the edge of the floor]
    ~ floor = "edge"
    -> edge
* [Follow the dancer who wears your friend's face]
    ~ floor = "hall"
    ~ pull = pull + 1
    -> mirror_hall

= dance
The moment your foot touches the parquet, the orchestra rises to meet you and the parquet forgets it was ever wood. It is a river of light now, ankle-deep and faintly fizzing, and each step sends out a ring that widens and fades, carrying a far, small voice.
* [Look into the mirror masks as you turn]
    ~ tune = true
    ~ pull = pull + 1
    You look, and go on looking. In the rain-memory someone is holding a coat over both your heads and humming, and a thread come loose from its cuff tickles your neck, and you almost see who. You almost have the tune. # pause: 2 # introduces: tune
    When you tear your eyes away at last, the song has ended, and you could not say how many songs it has been. The last ripples are running off toward the far side of the room.
* [Keep your eyes on the ripples]
    You watch the light and nothing else. The voices in the ripples grow clearer, until you can make out what they sing.
    Find the one loose thread, and the whole of the dark will come with it when you pull. # pause: 2 # speaker: The voices
    The ripples run on ahead, off the floor and across the room, and you go after them. {tighten()}
- -> scholars

= edge
You shake your head. The moon-woman's hand drops, unoffended, and the dance closes over the place where you might have been.
You keep to the wall. Behind the dancers the floor turns to light, a slow river rippling under their feet, and from the wall you can see what none of them can: one silver thread runs from hand to hand round the whole turning circle, stitching it shut, and its loose end trails off the floor toward your shoes.
You step over it, carefully, the way you'd step over a sleeping cat. Where the light spills off the floor it leaves a pale trail across the room, and you follow that instead, at a careful distance.
-> scholars

=== mirror_hall ===
The side door opens on a corridor lined with mirrors. The dancer is already far ahead, walking without hurry. # scene: The hall of mirrors
Every mirror you pass holds a different you: younger, older, one who never came looking at all.
At the far end the dancer stops with their back to you, and waits. They are breathing almost the way your friend breathes. Almost.
* [Run to them and lift the mask]
    ~ pull = pull + 1
    ~ tune = true
    You run, and they let you catch them. The mask is tied on with a single silver thread; you pull it, and under the mask is another, and under that another, each one a mirror, each one a little older.
    In the last of them it is raining, and someone holds a coat over both your heads and hums a tune you almost know. When you look up, your hands are empty and the corridor has let you out beside a table you never noticed. # pause: 2 # introduces: tune
* [Stop. Your friend has never once run from you.]
    You stop. The dancer's shoulders drop, a little disappointed, and they step into the nearest mirror as if it were a doorway. A silver thread from their sleeve snags on the frame and stays there, trembling, after the glass has closed.
    You turn back. {tighten()} The corridor is shorter going this way. It lets you out beside a table you never noticed.
- -> scholars

=== scholars ===
Around a small round table, a few old scholars bend over their teacups like herons over a pond. Their tea turns in colours you have no names for: {~a green that hums, a blue that seems to be trying to remember something|an orange that tastes of a word, a grey that sounds like rain beginning|a violet that itches, a gold that keeps forgetting which gold it is}. # scene: The scholars' table
{floor:
- "danced":
    Your shoes are still wet with light. The scholars glance down at them and nod, as though you'd shown a ticket.
- "hall":
    You still have a mirror's chill on your fingers. The eldest looks at them and tuts, as though you'd been reading over someone's shoulder.
- else:
    They look up as you arrive, bright-eyed, as though you were late for a lesson they had been saving.
}
They speak only in riddles, and every riddle leaves a sweetness on your tongue, like honey licked from a spoon. "Your friend has dressed as nobody in particular," says one, and taps his saucer twice with a long fingernail.
Look for the one keeping a word safe, one word only, the way you'd carry a live coal home in cupped hands. # speaker: Another scholar
Above the table hangs everything nobody here has said tonight. You can feel it up there, heavy and unfallen, like pears at the end of summer. The eldest slides a cup toward you, and its steam curls up the colour of the inside of a shell.
* [Trust the riddle and think of the one word]
    ~ word = true
    You close your eyes, and a word comes: the small, silly word you and your friend have always used in place of everything too big to say.
    You don't say it aloud. You only hold it, as they told you to. {tighten()} # pause: 2
* [Drink the tea]
    ~ tea = true
    ~ pull = pull + 1
    You drink. The colour climbs up behind your eyes, and for one long moment you remember everything in the world except why you came.
    It passes. In the dregs you glimpse a handwriting you know, looping and hurried, before it sinks out of sight.
* [Ask for a plain answer instead of riddles]
    {pull > 0:
        ~ pull = pull - 1
    }
    "Plainly," you say. "Where are they?" The sweetness in the air turns sour, and the scholars laugh like spoons rattling on china.
    "Plainly, then," says the eldest. "You are standing in a dream and asking it to stop being one." All the same, your head feels clearer for having asked.
- -> leaves

=== leaves ===
# CLEAR
Then a wind comes through the ballroom, from nowhere and everywhere at once, and {~every candle leans the same way|the chandeliers sway on their chains|every glass on every tray chimes}. It lifts the leaves out of every teacup and spins them down across the floor in a long, unwinding spiral. # scene: The map of leaves
When they settle, they are a map: the whole room in brown and gold, every island of strangers drawn in, and at the heart of it one small, quiet corner.
{pull >= 2:
    -> moon
}
-> choose

= moon
Before you can take a step, the moon-masked woman is at your side, though you never saw her cross the room. # pause: 2
You have looked so hard. Rest a moment. One dance, and then I'll walk you to them myself. # speaker: The moon-masked woman
* [Take her hand, just for one dance]
    -> moon_waltz
* [Tell her you'll dance with nobody but your friend tonight]
    She laughs, delighted, as if you had won a small bet for her. "Then don't keep them waiting," she says, and with one gloved finger she points you down the spiral, straight to its heart.
    -> corner
* [Step around her and onto the map]
    You step around her. She doesn't try to stop you. She only watches, her crescent glinting, like someone with all the time there is.
    -> choose

= choose
Along the spiral's outer arm, by the tall windows, a figure in a grey coat is walking away, with a walk very like your friend's.
{called:
    When you shouted the name at the door, this was the one who turned.
- else:
    You have not seen their face.
}
{compass:
    The compass needle turns its back on them, stubborn as a cat.
- else:
    Nothing in your pockets tells you which way is true.
}
* [Follow the leaves to the quiet corner]
    -> corner
* [Go after the figure in the grey coat]
    -> grey

=== moon_waltz ===
Her glove is cool. The floor runs with light again, and the drum is everywhere, and the song does not end, and does not end. # scene: The moon's dance
Every time you ask "Now?", she smiles and turns you once more, and under your feet the map of leaves scuffs and scatters, arm by arm.
* [Ask her once more, and believe her this time]
    -> moon_waltz.more
* [Let go of her hand]
    You let go. She lets you, as if she had known all along you would. "Another time," she says, and bows, and the dance closes over the place where you were.
    {compass:
        -> corner
    }
    -> corner.late

= more
The other dancers drift past with their mirror faces, and in every one of them you see yourself, turning and turning, and looking over your own shoulder for someone who isn't there.
{compass:
    Three turns in, the compass in your pocket grows hot, then hotter, until you cry out and let go of her. She lets you. "Another time," she says, and bows. # pause: 2
    -> corner
}
When at last she lets you go, with a little bow, the candles have burned down to their saucers. You run for the corner, and the crowd parts for you at once, because there is hardly anyone left. # pause: 2
-> empty_stool

=== grey ===
You wind through the crowd after the grey coat, losing it, finding it, losing it again. # scene: The stranger in grey
At last you catch a sleeve. The figure turns, and it is a stranger: kind-eyed, tired, nobody you have ever met.
"Oh," they say. "I'm sorry. I'm looking for someone too. I know their name, but I've never dared shout it. Not in a room like this." They tell you the name, shyly. It is not the one you came for.
* [Help them call it, together, as loud as you can]
    -> answered
* [Leave them, and make for the corner on the map]
    -> grey.back

= back
{
- compass:
    You let go of the sleeve. The compass is warm in your fist now, and the needle hauls at you like a dog on a lead, through elbows and skirts and trays of glasses, straight to the heart of the spiral, where someone sits on a three-legged stool, writing in a notebook with a cracked spine. They look up. # introduces: stool, notebook, pen
    -> found
- called:
    You let go of the sleeve and push back the way you came. Halfway there, the crowd falls quiet, and in the quiet someone says your name: once, clearly, just as you said theirs at the door. You follow it to the heart of the spiral, where someone is getting up from a three-legged stool, a notebook with a cracked spine in their hand. # introduces: stool, notebook
    -> found
- else:
    You let go of the sleeve and push back the way you came, but the crowd has thickened behind you like a hedge, and every gap you find closes before you reach it. By the time you break through, the corner is very quiet indeed. # pause: 2
    -> empty_stool
}

=== corner ===
{moon_waltz: With the spiral kicked to pieces by the dancing, it is the compass that brings you the rest of the way, to|The leaves lead you to} a corner so hushed that the music arrives muffled, as if through a wall of snow. Someone sits there alone on a three-legged stool, back to you, writing in a notebook with a cracked spine. # scene: The quiet corner # introduces: stool, notebook, pen
You can't see their face. But you can hear them breathing, slow and even, and you know that rhythm. You have heard it across a hundred kitchen tables.
{tune:
    Under their breath they are humming, and it is the half-tune from the mirrors. They have the other half. # mentions: tune
}
{compass:
    The compass in your pocket knocks against your hip, once, twice, like a knuckle on a door.
}
* {compass} [Laugh the way only the two of you laugh]
    The laugh is out of you before you've decided on it. In your pocket the needle swings round and points straight at them, and does not move again. They go very still. Then they laugh back, the very same laugh, and turn. {tighten()}
    -> found
* {word} [Say the one word you've been carrying all night]
    ~ pull = 0
    You say the word, the small silly one, and it sounds like a key turning. Whatever the ballroom had its hand on lets go. Their pen stops. They say the word back to you, as they always have, and turn. {tighten()} # mentions: pen
    -> found
* [Rest a hand on their shoulder]
    You rest your hand on their shoulder, lightly, as though they might scatter. They flinch, as people do who have been alone a long while. Then, slowly, they turn. {tighten()}
    -> found
* [Hang back. It could be one more stranger.]
    -> doubt

= doubt
You stay where you are. So many faces tonight have been almost them. One more wrong face, you think, and you will come apart.
The figure writes a last line, closes the notebook, and sets it down on the stool. Then they stand and walk off into the crowd without looking back. # pause: 2 # mentions: notebook, stool
-> leaving

= late
With the spiral kicked apart and nothing in your pockets to steer by, you search for the corner the long way round, pillar by pillar, table by table. # scene: The quiet corner
When you find it at last, someone is just getting up from a three-legged stool there, back to you, closing a notebook with a cracked spine. They set it down on the seat and walk off into the crowd, and something in the set of their shoulders stops your heart. # pause: 2 # introduces: stool, notebook
-> leaving

= leaving
* [Call their name after them]
    ~ called_back = true
    {called: You shout it, the same name you sent over the crowd at the door. This time it doesn't sink. It lands.|The name you have kept behind your teeth all night comes out of you all at once, so loud that the nearest strangers flinch.} Far off in the crowd, somebody stops, and turns round, and comes back. {tighten()}
    -> found
* [Let them go]
    You let them go. The crowd closes over them like water, and the music comes back up to its proper loudness. # pause: 2
    -> empty_stool

=== found ===
It is them. Of course it is them. A light like moonlight seeps from between the notebook's pages and lights their face from below. # scene: The friend found # mentions: notebook
{
- called && called_back:
    "Twice," they say, out of breath from coming back. "Twice in one night you've called me. I wrote the first one down so I wouldn't lose it."
- called:
    "I heard you," they say, smiling, "right at the start. I wrote it down so I wouldn't lose it."
- called_back:
    "You called me back," they say, a little out of breath. "You, who never raise your voice for anything."
- else:
    Their eyes find yours, and their face does what it has always done when you walk into a room: it forgets to be polite.
}
-> field

=== field ===
# CLEAR
Before you can say a word, the ballroom begins to come apart, gently, into stars. They pour from the chandeliers and out of the walls, and the painted children go with them, and the mirror masks, and the old scholars with their cups, like sugar stirred into tea. # scene: The lavender field
When the last of it has fallen, there is only you and your friend, knee-deep in a field of lavender that runs to the edge of the world, under a sky crowded with new constellations. You know them all: each is a way you walked tonight, joined up dot by dot.
{held >= 3: The lavender is the deep blue-violet of the last minute before dark, and the thread runs from your finger to theirs, taut and humming like a plucked string.|The lavender is pale, almost grey at the tips, like a flower pressed too long in a book, and the thread between your finger and theirs lies slack among the stalks.}{pull > 0: Somewhere under the field, very faint, the ballroom's drum is still going.} # mentions: finger thread
{tune:
    Your friend hums the tune from the mirrors, the whole of it this time, and you remember where you heard it first: under a coat, in the rain, with them. # mentions: tune
}
The notebook falls open by itself, riffles, and stops at a page that is empty but for one line, the ink still wet: "Every step you took looking for me, you were already walking beside me." # pause: 3 # mentions: notebook
* [Laugh, and let it be enough]
    -> field.laugh
* [Ask them to come back with you when you wake]
    -> morning_call
* [Lie down in the lavender and refuse to wake]
    -> field.stay

= laugh
{held >= 3:
    You laugh, and it goes up off the field like a lark climbing, and your friend is laughing too, and the lavender leans toward the sound.
    -> wake_lavender
- else:
    You laugh, but it comes out thin, and the field hears it. The pale lavender goes paler still, and the slack thread slips off your finger into the stalks.
    -> falling_stars
}

= stay
You lie down among the lavender and shut your eyes. "I'm not going," you tell the sky. "Not this time."
{pull > 0:
    Under your back the earth goes hard and cold, like a floor, and somewhere close by a drum begins again, very softly. Your friend kneels and takes your hand. "Not here," they say. "She'll only ask you to dance." # pause: 2
    -> falling_stars
- else:
    Your friend laughs and hauls you up by both hands. "You can't stay," they say. "But you can always come back and look for me." And you laugh too, because it's true.
    -> wake_lavender
}

=== wake_lavender ===
The laugh goes on after you've stopped. It passes from stalk to stalk across the field like a rumour, until the whole field is laughing and you can't tell which part of it was yours. When it dies away, you wake. # scene: Waking
{compass:
    Your right hand is closed. There is nothing in it, but the palm is warm, as if something small and silver had lain there all night pointing at you.
- else:
    {tea:
        There is honey on your tongue, impossibly, and the ghost of that looping handwriting behind your eyes.
    - else:
        For a while you keep your eyes shut and hold on to the sound of that laugh, as you'd hold a shell to your ear.
    }
}
Your room is grey with early light. But it smells of lavender, and under the hum of the morning you can almost hear someone breathing, slow and even, just out of sight.
{tune:
    You find you are humming. All of it, this time.
}
Somewhere out in the daylight the loose end of the night is lying, waiting, and one of these nights you will pick it up again. # ending: The scent of lavender
-> END

=== falling_stars ===
"I'm not lost," they say softly. "I never was. You're only about to wake up in a different room." # scene: The falling stars
The stars begin to fall again, from the sky this time, and they come down between the two of you like snow, thicker and thicker.
You reach for their hand. You find the notebook instead, its cover soft as an old glove. Then nothing. # pause: 3
You wake with your hand closed around nothing. The room smells only of morning.
{
- compass:
    The compass is gone, of course. But for a moment your palm remembers its weight, and which way it pointed.
- tune:
    Half a tune is going round in your head. You try and try, and cannot find the other half.
- word:
    The word, the silly one, is on the tip of your tongue, and there is no one here to say it to.
- tea:
    There is a taste of honey at the back of your throat, already fading, like everything else.
- else:
    You try to call up their face exactly, and it will not quite come. Only the breathing does.
}
But you remember the breathing, slow and sure, and the one line in the notebook, and you lie very still and let yourself miss them. # ending: Between the falling stars
-> END

=== morning_call ===
"Come with me," you say. "When I wake. Please." # scene: The morning call
They look at you for a long moment, with enormous tenderness, and shake their head. "I can't come through," they say. "But you know my name. That was always the whole trick of it."
{
- called:
    You shouted it across a ballroom full of strangers tonight. Do it again in daylight. It's easier there. # speaker: Your friend
- called_back:
    You shouted it after me in that corner, when I was walking away. Do it again in daylight. It's easier there. # speaker: Your friend
- else:
    You carried it all night without saying it once. Say it in the morning. It won't break. # speaker: Your friend
}
The stars come down around you both, and the lavender goes with them, and you wake with their name already in your mouth. # pause: 2
You don't stop to think. You find your phone in the grey light and call them, and it rings, and rings, and then a sleepy voice says your name.
{
- tune:
    They are humming something, half awake. It is the tune. "I had the strangest dream," they say. "There was a ballroom."
- tea:
    "I was dreaming," they say, "about tea. Isn't that stupid? It tasted of honey." You laugh so hard you have to sit down.
- else:
    I was just dreaming about you. I was waiting somewhere. I knew you'd come. # speaker: Your friend
}
Outside, the morning is coming up the colour of lavender, and neither of you hangs up. # ending: The morning call
-> END

=== answered ===
You both fill your lungs and shout it, the stranger's name for their friend, so loud that the chandeliers ring like glasses. # scene: The name called
For a moment nothing. Then, across the room, someone climbs onto a chair and shouts back, and the stranger in grey is gone from your side, running, and the crowd lets them through.
You watch them meet in the middle of the floor, both talking at once. Over their friend's shoulder the stranger finds your eyes and mouths: thank you. # pause: 2
{called:
    The name you sent out over this crowd at the door came back with nothing. This one was answered. It helps, a little, more than you'd have thought.
- else:
    You never did shout your own. You wonder now, too late, what would have happened if you had.
}
The stars begin to fall, and the ballroom goes with them, and you wake with a stranger's name still ringing in your throat.
{compass:
    In your palm, the faint ghost of a compass's weight is pointing toward the door of your room, and the day beyond it.
- else:
    The morning is ordinary and bright. Your friend's number is still in your phone. You look at it for a long time.
}
Somewhere, two people you will never meet are having breakfast together, and it was your voice that found them. # ending: The name that was answered
-> END

=== empty_stool ===
{corner or corner.late: You sink down onto the stool. The notebook lies there, still warm from someone's hands. # mentions: stool, notebook|In the corner the leaves marked stands a three-legged stool with nobody on it, and on its seat a notebook with a cracked spine, still warm from someone's hands. You sink down beside it. # introduces: stool, notebook} # scene: The empty stool
It falls open under your fingers. Page after page holds one word, written over and over in a handwriting you know: your name. All night, they were calling you too. # pause: 3
The last page has a single line, the ink still drying: "I waited for as long as the night would let me."
{
- tea:
    It is the looping, hurried hand you saw in the dregs of the tea. You could have known it sooner.
- compass:
    In your pocket the compass has gone cold. Its needle lies still, pointing at nothing.
- else:
    You turn the pages back and forth, as if one of them might still have a door in it.
}
Then the stars begin to fall. The ballroom goes out like a blown candle, and you are alone in a field of lavender gone colourless in the dark.
You wake before dawn, with their name on your lips and nobody to hear it. All day long, whenever anyone near you breathes slow and even, you turn around. # ending: The empty stool
-> END

// One more reach toward your friend, or a sign trusted: held grows, and the thread on your finger says so.
=== function tighten() ===
~ held = held + 1
{
- held == 1:
    ~ return "The thread on your finger twitches, and some of the slack goes out of it, as if it had another end after all and someone far away had taken hold of it."
- held == 2:
    ~ return "The thread on your finger draws tighter."
- held == 3:
    ~ return "The thread on your finger runs taut now, and hums faintly when you move your hand."
- else:
    ~ return "The thread on your finger is as taut as it will go."
}
