# title: The Thread of Night
# description: Somewhere in a ballroom full of strangers is the one face you came for, and the night will let you look for it, for a while.
# color: \#8e7cc3

// Did you shout your friend's name on arrival? (the friend heard it; a stranger answered to it)
VAR called = false
// Did you keep the children's compass? (unlocks the laugh at the corner; warns you off the grey coat)
VAR compass = false
// Did you dance on the river of light with the moon-masked woman?
VAR danced = false
// Did you stare into the mirror masks? (the friend hums the tune you glimpsed)
VAR memory = false
// Did you trust the scholars' riddle? (unlocks the one word at the corner)
VAR trusted = false
// How much of the thread you gathered: decides whether the lavender field holds.
VAR thread = 0
// How far the ballroom has claimed you: at 2 the moon-masked woman comes for you; any at all and the field can turn back into the dance floor.
VAR pull = 0

-> ballroom

=== ballroom ===
You come into the ballroom the way smoke comes under a door: slowly, without ever quite deciding to. Overhead, the chandeliers glow amber and dim and glow again, keeping time with a drum you can feel in your teeth but cannot find. # scene: The ballroom
Strangers everywhere, in little knots, each knot turning on its own private axis and laughing at jokes you arrive too late to hear.
Somewhere in all of this is your friend. You lost them between one song and the next, and you have the feeling the night will not wait.
* [Call their name across the room]
    ~ called = true
    ~ thread = thread + 1
    You cup your hands and call. The name goes out over the crowd like a paper boat pushed onto dark water.
    A hundred faces turn toward you, pleasant and blank, and turn away again. Nobody answers. But far off, you could swear, a pen stops scratching. # pause: 2
    -> children
* [Search quietly, face by face]
    You keep the name behind your teeth and start to look, face by face, the way you would hunt for one particular shell along a very long beach. No one is them. Everyone is almost them, for half a heartbeat, and then not.
    -> children

=== children ===
At the foot of a marble pillar sits a ring of children with constellations painted on their faces, passing star-names from mouth to ear in a whispering game that never seems to end. # scene: The painted children
{called: One name going round the circle is not a star's at all. It is the one you just shouted, passed along like a secret.|When you kneel among them, the whispering stops, and every painted face turns up to you at once.}
You ask if anyone here has seen your friend, and they dissolve into giggles, as if you had asked where the sea keeps its salt.
The smallest of them, the Plough drawn in white dots across her nose, presses something into your palm: a silver compass no bigger than a button. "It's no good for north," she whispers. "It only ever knows which way the laughing is."
* [Keep the compass and follow its needle]
    ~ compass = true
    ~ thread = thread + 1
    The needle whirls like a dropped coin, then settles, trembling, on a doorway hung with heavy velvet curtains.
    You turn to thank the children, but they have already gone back to their stars.
    -> curtains
* [Give it back; you'll find them your own way]
    ~ pull = pull + 1
    You close her small fingers back around the compass. The stars on her cheeks seem to dim, and the circle closes up without you.
    With nothing to steer by, you follow the drum instead, and the drum, as drums do, leads you deeper in, to a doorway hung with heavy velvet curtains.
    -> curtains

=== curtains ===
You part the velvet. Beyond it, a company of dancers in masks turns in slow circles, as if the air were water. # scene: The mirrored dancers
Their masks are mirrors. In each one you see yourself, and behind yourself, things you nearly remember: candles leaning on a birthday cake, rain steaming off a summer pavement, half of a song.
The one who leads them wears a thin silver crescent moon for a face. She holds out a gloved hand to you, palm up. {compass: In your pocket the compass needle shivers and will not settle, as though the laughter in here were real and not real at once.|There is no hurry in the gesture. It belongs to someone who has never been refused for long.}
At the edge of the troupe, one dancer's mask does not show your face. It shows your friend's, and that dancer is drifting toward a narrow side door.
* [Take the moon-woman's hand and dance]
    ~ danced = true
    -> curtains.dance
* [Decline, and keep to the edge of the floor]
    -> curtains.edge
* [Follow the dancer who wears your friend's face]
    ~ pull = pull + 1
    -> mirror_hall

= dance
The moment your foot touches the parquet, the orchestra rises to meet you and the parquet forgets it was ever wood. It is a river of light now, shallow and warm, and every step you take sends out rings that widen and fade, each carrying a far, small voice.
* [Gaze into the mirror masks as you turn]
    ~ memory = true
    ~ pull = pull + 1
    You look, and keep looking. In the rain-memory someone is holding a coat over both your heads and laughing, and you almost see who. # pause: 2
    When you finally tear your eyes away, the song has ended, and you could not say how many songs it has been. The last ripples are running off toward the far side of the room.
    -> scholars
* [Watch your feet and follow the ripples]
    ~ thread = thread + 1
    You keep your eyes on the light. The voices in the ripples grow clearer, until you can make out what they are singing.
    "Find the one loose end," they sing, "and the whole night will come with it." # pause: 2
    The ripples run on ahead of you, off the dance floor and across the room, and you go after them.
    -> scholars

= edge
You shake your head. The moon-woman's hand drops, unoffended, and the dance closes over the place where you might have been.
You keep to the wall. Behind the dancers the floor turns to light, a slow river rippling under their feet, and voices rise from it, too faint to make into words.
Where the light spills off the edge of the floor it leaves a pale trail across the room, and you follow it at a careful distance.
-> scholars

=== mirror_hall ===
The side door opens on a corridor lined with mirrors. The dancer is already far ahead, walking without hurry. # scene: The hall of mirrors
Every mirror you pass holds a different you: younger, older, one who never came looking at all.
At the far end the dancer stops, back turned, and waits. They are breathing almost the way your friend breathes. Almost.
* [Run to them and lift the mask]
    You run, and they let you catch them. Your hand is on their shoulder; your other hand is on the cool edge of the mask.
    You lift it away. The face beneath is your own, smiling at you with your own mouth. # pause: 3
    "There you are," it says kindly, and presses the mirror into your hands. Behind you, the corridor has become a dance floor.
    -> endless_waltz
* [Stop. Your friend has never once run from you.]
    ~ thread = thread + 1
    You stop. The dancer's shoulders fall, a little disappointed, and they step into the nearest mirror as if it were a doorway. You turn back, and the corridor is shorter going this way, and lets you out beside a table you didn't notice before.
    -> scholars

=== scholars ===
Around a small round table, a few old scholars bend over their teacups like herons over a pond. Their tea turns in colours you have no names for: a green that hums, a blue that seems to be trying to remember something. # scene: The scholars' table
{danced: Your shoes are still wet with light. The scholars glance down at them and nod, as though you'd shown a ticket.|The scholars look up as you arrive, bright-eyed, as though you were late for a lesson.}
They talk only in riddles, and every riddle leaves a sweetness on your tongue, like honey licked from a spoon. "Your friend has dressed as nobody in particular," says one, and taps his saucer twice with a long fingernail.
"Look for the one keeping a word safe," says another, "one word only, the way you'd carry a live coal home in cupped hands."
All the things nobody in this room has said hang in the air above the tables, heavy as fruit that will not fall. The eldest slides a cup toward you, and its steam curls up the colour of the inside of a shell.
* [Trust the riddle and think of the one word]
    ~ trusted = true
    ~ thread = thread + 1
    You close your eyes, and a word comes: the small, silly word you and your friend have always used in place of everything too big to say.
    You don't say it aloud. You just hold it, the way they told you to. It is warm. # pause: 2
* [Drink the tea]
    ~ thread = thread + 1
    ~ pull = pull + 1
    You drink. The colour climbs up behind your eyes, and for one long moment you remember everything in the world except why you came.
    It passes. In the dregs you glimpse a handwriting you know, looping and hurried, before it sinks out of sight.
* [Demand a plain answer instead of riddles]
    {pull > 0:
        ~ pull = pull - 1
    }
    "Plainly," you say. "Where are they?" The sweetness in the air turns sour, and the scholars laugh like spoons rattling on china.
    "Plainly, then," says the eldest. "You are standing in a dream and asking it to stop being one." Still, your head feels clearer for asking.
- -> leaves

=== leaves ===
Then a wind comes through the ballroom, from nowhere and everywhere at once, and every candle leans the same way. It lifts the leaves out of every teacup and spins them down across the floor in a long, unwinding spiral. # scene: The map of leaves
When they settle, they are a map: the whole room in brown and gold, every island of strangers drawn in, and at the heart of it one small, quiet corner.
{ pull >= 2:
    -> moon
- else:
    -> choose
}

= moon
Before you can take a step, the moon-masked woman is at your side, though you never saw her cross the room. # pause: 2
"You've looked so hard," she says. "Wouldn't it be easier to stop? Dance with us. Nobody in here is ever lost, because nobody ever leaves."
* [Take her hand]
    Her glove is cool. "There," she murmurs, "isn't that better?" and the drum, all at once, is everywhere.
    -> endless_waltz
* [Step around her and onto the map]
    You step around her. She doesn't try to stop you. She only watches, her crescent glinting, like someone with all the time there is.
    -> choose

= choose
Along the spiral's outer arm, by the tall windows, a figure in a grey coat is walking away, with a walk very like your friend's.
{called: When you called the name earlier, this was the one who turned.|You have not seen their face.} {compass: The compass needle turns its back on them, stubborn as a cat.|Nothing tells you which way is true.}
* [Follow the leaves to the quiet corner]
    -> corner
* [Go after the figure in the grey coat]
    -> grey_figure

=== grey_figure ===
You wind through the crowd after the grey coat, losing it, finding it, losing it again. # scene: The stranger in grey
At last you catch a sleeve. The figure turns, and it is a stranger: kind-eyed, tired, nobody you have ever met.
"Oh," they say. "I'm sorry. I'm looking for someone too. Everyone here is." They glance back across the room, toward the heart of the spiral.
You look too. In the quiet corner stands a three-legged stool, and nobody on it. Only a notebook, lying where someone set it down. You go back to it as fast as the crowd will let you. # pause: 3
-> empty_stool

=== corner ===
The leaves lead you to a corner so hushed that the music arrives muffled, as if through a wall of snow. Someone sits there alone on a three-legged stool, back to you, a notebook with a cracked spine held close to their chest. # scene: The quiet corner
You can't see their face. But you can hear them breathing, slow and even, and you know that rhythm. You have heard it across a hundred kitchen tables.
{memory:
    Under their breath they are humming half a tune, and it is the one the mirrors showed you.
}
* {compass} [Laugh the way only the two of you laugh]
    ~ thread = thread + 1
    The laugh is out of you before you've decided on it. In your pocket the compass needle swings round, points straight at them, and does not move again. They go very still. Then they laugh back, the very same laugh, and turn.
    -> found
* {trusted} [Say the one word you've been keeping warm]
    ~ thread = thread + 1
    ~ pull = 0
    You say the word, the small silly one, and it sounds like a key turning in a lock. Whatever the ballroom had its hand on, it lets go. Their pen stops. They say the word back to you, the way they always have, and turn.
    -> found
* [Rest a hand on their shoulder]
    You reach out and rest your hand on their shoulder, lightly, as though they might scatter. They flinch, the way people do when they've been alone a long while. Then, slowly, they turn.
    -> found
* [Hang back. It could be one more stranger.]
    -> doubt

= doubt
You stay where you are. So many faces tonight have been almost them. One more wrong face, you think, and you will come apart.
The figure writes a last line, closes the notebook, and sets it down on the stool. Then they stand and walk into the crowd without looking back. # pause: 2
By the time you reach the stool, the crowd has closed over them like water.
-> empty_stool

= found
It is them. Of course it is them. A soft light, like moonlight, seeps from between the notebook's pages and lights their face from below.
{called: "I heard you," they say, smiling, "right at the start. I've been writing it down so I wouldn't lose it."|Their eyes find yours, and their whole face warms, the way a window does when someone inside has been waiting up.}
-> field

=== field ===
Before you can say a word, the ballroom begins to come apart, gently, into stars. They pour from the chandeliers and out of the walls, and the painted children go with them, and the mirror masks, and the old scholars with their cups, like chalk drawings in the rain. # scene: The lavender field
When the last of it has fallen, it is just you and your friend, knee-deep in a wide field of lavender that runs all the way to the edge of the world. The sky is crowded with constellations, and you know them: every one is a path you walked tonight, joined up dot by dot.
The notebook falls open by itself. Its pages riffle past and stop at one that is empty but for one line of writing, the ink still wet:
"You were with me the whole time you were looking." # pause: 3
* [Laugh, and let it be enough]
    -> laugh
* [Ask them to come back with you when you wake]
    -> ask
* [Lie down in the lavender and refuse to wake]
    -> stay

= laugh
{ thread >= 3:
    You laugh, and it goes up off the field like a lark climbing, and your friend is laughing too.
    -> wake_lavender
- else:
    You try to laugh, but it comes out thin, and the field hears it. The lavender greys at its edges. You never quite gathered enough of the night's thread to hold it taut.
    -> falling_stars
}

= ask
"Come with me," you say. "When I wake. Please."
They look at you for a long moment, with enormous tenderness, and shake their head.
-> falling_stars

= stay
You lie down among the lavender and shut your eyes. "I'm not going," you tell the sky. "Not this time."
{ pull >= 1:
    Under your back the earth goes smooth and cold. It is parquet. When you open your eyes your friend is gone, the stars overhead are only chandeliers, and somewhere close by a drum begins again. # pause: 2
    -> endless_waltz
- else:
    Your friend laughs and hauls you up by both hands. "You can't stay," they say. "But you can always come back and look for me."
    -> laugh
}

=== wake_lavender ===
The dream gathers you up the way you'd gather warm sheets off a line, and the laugh goes on climbing after you've stopped, higher and thinner. When you can't hear it any more, you wake. # scene: Waking
Your room is grey with early light. But it smells, impossibly, of lavender, and under the hum of the morning you can almost hear someone breathing, slow and even, just out of sight. # pause: 2
Somewhere out in the daylight the loose end of a thread is lying, waiting, and one of these nights you will pick it up again. # ending: The scent of lavender
-> END

=== falling_stars ===
"I'm not lost," they say softly. "I never was. You're just about to wake up in a different room."
The stars begin to fall again, from the sky this time, and they come down between the two of you like snow, thicker and thicker.
You reach for their hand. You find the notebook instead, its cover still warm. Then nothing. # pause: 3
You wake with your hand closed around nothing. The room smells only of morning. # scene: Waking
But you remember the breathing, slow and sure, and the one line in the notebook, and you lie very still and let yourself miss them. # ending: Between the falling stars
-> END

=== empty_stool ===
You sink down onto the stool. The notebook is still warm from someone's hands. # scene: The empty stool
It falls open under your fingers. Page after page holds the same word, over and over, in a handwriting you know: your own name. # pause: 3
The last page has one line, the ink still drying: "I waited for as long as the night would let me."
Then the stars begin to fall. The ballroom goes out like a blown candle, and you are alone in a field of lavender gone colourless in the dark.
You wake before dawn. The pillow smells of nothing at all. # scene: Waking
All day long, whenever anyone near you breathes slow and even, you turn around. # ending: The empty stool
-> END

=== endless_waltz ===
Someone fits a mask to your face. It is cool, and it is a mirror, and it fits as if it was made for you, because it was. # scene: The endless waltz
You are dancing. The floor runs with light. The steps come easily, and you don't remember ever learning them.
{called: The dancers sing a name as they turn. You used to know whose it was.|You were looking for someone, once. It mattered terribly. It is hard now to hold on to why.}
The chandeliers brighten and dim, brighten and dim. The music never reaches the end of its song. # pause: 3
And now and then, through the velvet curtains, you glimpse a new stranger drifting in, searching every face, and you lift your gloved hand and beckon them to join you. # ending: The endless waltz
-> END
