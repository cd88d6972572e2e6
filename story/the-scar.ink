# title: The Late Guest
# description: In a ballroom of portraits painted too young, a scarred woman whispers something true to you, and every face in the room turns out to be marked, yours included.
# color: \#a33b4f

VAR heard = false
VAR saw_frame = false
VAR sided = ""
VAR reply = ""
VAR followed = false
VAR reached = ""
VAR scar = ""

// heard      you answered the musicians: their phrase returns, colours your call, and opens the "song" ending.
// saw_frame  you studied the portraits: the empty frame fills with your face, and the portrait ending uses it.
// sided      "man" / "fan" / "": who you stood with in the quarrel; they react, reveal their scar, lend you cover,
//            can be asked what the scars mean, and turn up in the portrait ending.
// reply      "lied" / "silent" / "asked": your answer to her whisper; a lie shuts you out of the hopeful ending.
// followed   you went after her: the narrow gallery, her portrait with your face, and the "seams" ending.
// reached    "called" / "crossed" / "left": what you did about the one you know; calling helps the hopeful ending.
// scar       "touched" / "hidden" / "asked": what you did with your new scar; touching it helps the hopeful ending,
//            hiding it makes the portrait lie.

-> ballroom

=== ballroom ===
You come in through a door you don't remember opening, and the ballroom is already halfway through its evening. Chandeliers hang low and heavy, dripping wax onto no one. The air tastes of old cellars and struck matches, and under every conversation runs a faint restless charge, like weather making up its mind. # scene: The ballroom
Portraits crowd the walls in gilt frames: dukes, dowagers, a general, a bishop with a lapdog. Every one of them was painted far too early. The faces are smooth as children's, but the eyes have already seen the whole of their lives.
-> musicians

=== musicians ===
At the far end, on a low dais, four musicians in wine-dark coats are playing something slow that leans against you like a tired friend. # scene: The musicians
You stop to listen, and the tune turns a corner you know. It isn't only music. The phrases rise and fall like sentences, with little pauses where a speaker would breathe, and you realise it is a language, one you overheard once, half asleep, in the rocking of a night bus or the drone of a ferry's engine.
The cellist lifts her eyes to you over her bow, as if the next phrase were a question, and waits.

* [Hum the answer back to her]
    ~ heard = true
    You don't know the words, but your throat seems to. You hum four notes, low and unsure, and the cellist's bow stops dead.
    Then all four musicians smile at once, and the tune bends to make room for you. For one long moment you understand every word they are playing. It is mostly about someone who is coming, and when the moment passes you keep one phrase of it, folded small, like a note tucked in a coat pocket. # pause: 2

* [Listen, and only listen]
    You keep still and let it move through you. The cellist looks away, not unkindly, and the question goes unanswered.
    Without an answer the tune wanders off around the room, looking for someone else. You catch a few of its words as it passes: marked, and waiting, and late.

* [Turn away and study the portraits instead]
    ~ saw_frame = true
    You turn your back on the music and walk the wall of faces. Up close the paint is still soft, as if they were finished this morning.
    Between the general and a girl holding a hawk hangs one empty frame. The brass plate beneath it has been polished until no name is left on it, only your own face, stretched and gold, looking back at you. Behind you, the music goes on talking about someone.

- -> woman

=== woman ===
That is when you notice her. She isn't in the crowd, not exactly. She stands in its seams, in the gaps that open between the dancers and close again, as though the room keeps one small place free for her and no one else. # scene: The woman with the scar
A scar, pale and fine as a pulled thread, starts high at her temple and ends at the hinge of her jaw. She turns a half-finished glass of something red by its rim, round and round, and laughs, low and dry as a match struck twice, at a joke nobody has told.
The people around her drift closer than they mean to, then look away the instant her eyes find them. {heard: Under the music your four notes come round again, softly, and her head tilts, as if she heard them too.}
-> quarrel

=== quarrel ===
Right beside her, two people are quarrelling in voices pitched not to carry. # scene: The quarrel
One is a man in a beautifully cut suit whose tie has been cinched so hard that the knot has shrunk to something small and hard, like a walnut. His hands are fists at his sides.
The other is a woman in a dress buttoned up to the chin, holding a painted fan up before her like a raised drawbridge. She won't look at him. Her eyes are on the chandelier overhead, as though she expects it to come down and has decided to be ready when it does. To reach the woman with the scar, you will have to pass between them.

* [Stand with the man in the tight tie]
    ~ sided = "man"
    You step in at the man's shoulder. He glances at you, startled, then grateful, and his fists loosen by a finger's width.
    "She won't hear it," he mutters. "Nobody in this house will hear a plain thing said plainly." Behind her fan the woman makes a small sound, like a page being torn.

* [Stand with the woman behind the fan]
    ~ sided = "fan"
    You step in beside the woman with the fan. She doesn't take her eyes off the chandelier, but she tilts the fan a little, so that it shelters you too.
    "He thinks if he pulls it tight enough, nothing can get out," she says quietly. The man's jaw works, as though he is chewing a word he can't swallow.

* [Slip past them both without a word]
    You turn sideways and slide between them, into the narrow warm gap where their argument lives. Neither of them seems to notice you. The quarrel falls shut behind you like a curtain.

- -> whisper

=== whisper ===
Then you are standing in front of her, and the air pulls taut between you like a wire about to sing. She looks round, and her eyes meet yours: glossy black, the colour of a letter left out in the rain. # scene: The whisper
Everything else goes quiet. The music thins to a single held note, and the dancers smear into candle-coloured shapes, like a photograph someone moved while it was being taken. # pause: 2
She leans in close enough that you feel her breath on your cheek, and she whispers:
"Look at you. Still wearing only the one face."
{sided == "man": Behind you, the man in the tight tie goes very still.}
{sided == "fan": Behind you, the fan stops moving.}

* [Tell her she's mistaken, smoothly and easily]
    ~ reply = "lied"
    "You've got me confused with someone else," you say, and it comes out light and pleasant and entirely untrue. You didn't know you could do that.
    Her smile is sad and a little proud, a teacher's smile. "There," she breathes. "Now you have two."

* [Say nothing, and let it be true]
    ~ reply = "silent"
    You say nothing. There is nothing to add. She looks at you for a long moment, the way you might look at the last lit window on a dark street.

* [Ask her what a second face would cost]
    ~ reply = "asked"
    "What does it cost?" you ask. "The second face?" She doesn't answer. She only lifts one fingertip and lays it on your cheek, just below your eye, very lightly, the way you would mark a place in a book. # pause: 1

- -> gone

=== gone ===
Then the sound floods back, and the room snaps into focus like a slapped cheek. The man's jaw clenches. The woman's fingers twitch on the fan. And when you look back, she isn't there. There is only her glass, set down on a side table and still rocking to rest, and a trace of scent in the air: snuffed candles and crushed violets. # scene: Gone

* [Push into the crowd after her]
    ~ followed = true
    -> gallery

* [Stay where she left you]
    You stay. Your hands have started to shake, and you fold them together to make them stop.
    On the dais the musicians lift their bows and hold them there, mid-air, waiting. Conversations falter. The crowd draws aside, slowly, the way a curtain is drawn, until there is a clear aisle from where you stand to the far end of the room.
    -> known

=== gallery ===
You shoulder through silk and elbows, chasing the smell of violets, and find a narrow door behind a tapestry, just swinging shut. Beyond it is a corridor hung with more portraits, smaller and older, their varnish gone the colour of honey. The candles here burn without a flicker. # scene: The narrow gallery
At the very end hangs her portrait: the same woman, as young as all the others, the skin of her face unbroken from temple to jaw.
{reply == "lied": But the face in the painting isn't quite hers. The longer you look, the more it becomes yours, as you were a moment before you lied to her.|But the face in the painting isn't quite hers. The longer you look, the more it looks like yours.}
Her voice comes from somewhere behind the frame, close and amused. "Not yet, love. Go back. He's about to not see you."
You turn, and the corridor is only a few steps long after all. You push the tapestry aside and come out at the far end of the ballroom, where the musicians have stopped playing and the crowd has drawn back to leave an empty space.
-> known

=== known ===
And there he is. Of all the strangers in this house, he is the one you could name in your sleep, and perhaps you have. He stands among people you have never seen, laughing too loudly at something, eyes bright, one hand on a stranger's shoulder. # scene: The one you know
He never once looks your way. His gaze slides over the place where you stand as if it were a stretch of wallpaper. It isn't cruelty. You simply aren't there for him.

* [Call his name across the room]
    ~ reached = "called"
    You call his name. {heard: It comes out in the musicians' language, four low notes, and the cellist flinches.|It comes out louder than you meant, cracked down the middle.}
    He doesn't turn. But for one breath his laugh catches, like a needle skipping on a record, and then it carries on. # pause: 1

* [Cross the room and stand right in front of him]
    ~ reached = "crossed"
    You walk the whole length of the floor and stop an arm's length from him. Close enough to smell his coat. Close enough to be rude.
    He laughs straight through you. When you touch his sleeve it is stiff and cool, like canvas, and your fingertips come away tacky, as if he were still wet paint.

* [Let him be, and turn to go]
    ~ reached = "left"
    You don't call out. You tell yourself it doesn't matter, and you turn toward the doors.

- -> marks

=== marks ===
It is as you turn that you see it. The woman's scar was never hers alone. Everyone has one: the bishop in his portrait, the girl with the hawk, the dancers, the musicians, the waiters with their silver trays. # scene: The marks
No two are alike: a silver hook at the corner of a mouth, a pale ladder across a wrist, a puckered star on the back of a hand. But they are all the same sort of mark, the sort a life leaves when something has happened that can't be taken back.
{
- sided == "man":
    The man in the suit has finally worked his knot loose. Under his collar, straight across the throat, runs a long white line. So that is what the tie was for.
- sided == "fan":
    The woman has lowered her fan. Across her lips and chin runs a thin pale seam. So that is what the fan was for.
- else:
    Even the quarrelling pair have theirs, you realise: his under that strangling knot, hers behind the painted fan. So that is what they were for.
}
Then your own face begins to sting. {reply == "asked": Just below your eye, exactly where her fingertip rested, there is a line that wasn't there before.|Along your cheekbone there is a line that wasn't there before.} It is fresh. It is unmistakably yours. # pause: 2
{saw_frame: On the far wall, the empty frame is empty no longer. Your own face looks out of it, painted young, and the paint is still wet along one thin red line on the cheek.} {reached == "crossed": You look at your fingertips, still tacky from his sleeve. The colour on them is exactly the colour of the scar.}

* [Touch the new scar]
    ~ scar = "touched"
    You lift your hand and lay two fingers along it. It is tender, and warm, and it doesn't frighten you as much as it should. It feels like a word you have finally learned to say.
    Somewhere on the dais, a single string answers with a low, approving note.

* [Cover it before anyone sees]
    ~ scar = "hidden"
    {
    - sided == "fan":
        The woman presses her fan into your hand without a word. You open it before your face, and the room turns into a painted marsh of herons and reeds.
    - sided == "man":
        The man in the suit hands you his folded handkerchief, and you hold it to your cheek as though you have only scratched yourself on a pin.
    - else:
        You cup your hand over your cheek and leave it there, casual, as if you were only thinking.
    }
    It's easy. That is the worst of it: how easy it is.

* {sided == "man"} [Ask the man in the suit what the scars mean]
    ~ scar = "asked"
    "Where the truth went in," he says, touching his throat. "Say one true thing in this house, really say it, and it leaves its mark."
    -> marks.yours

* {sided == "fan"} [Ask the woman with the fan what the scars mean]
    ~ scar = "asked"
    "Where the truth got out," she says, touching her lips. "Everyone here said one true thing, once. Afterwards we learned to be careful."
    -> marks.yours

- -> door

= yours
"Then what is mine from?" you ask. {reply == "lied": {sided == "man": He|She} looks at you with something close to pity. "From tonight. You learned the other trick tonight, didn't you? It cuts both ways."|{sided == "man": He|She} looks at you with something close to envy. "From tonight," comes the answer. "From whatever true thing you are about to do."}
-> door

=== door ===
Beyond the last of the portraits, a door you hadn't noticed swings slowly open on old hinges, groaning like a ship at anchor. # scene: The door
He is standing in it: the one you know. He must have slipped out while you weren't looking, and now he leans in from the dark beyond, smiling wide, eyes shining, and for the first time tonight he is looking straight at you.
"There you are," he says, warm and easy. "Everyone else sat down hours ago. We'd nearly stopped laying a place for you." Behind him you can hear rain, and smell it: cold stone, wet leaves, the open night.
{scar == "asked": Beside you, {sided == "man": the man loosens his collar another notch|the woman folds her fan} and murmurs, "Go on, then. One of us ought to."}

* [Go through the door to him]
    -> through

* [Stay in the ballroom]
    -> stay

* {heard} [Answer the music instead of him]
    -> song

* {followed} [Turn back and go looking for her]
    -> seams

=== through ===
{
- reply != "lied" && (reached == "called" || scar == "touched"):
    -> not_too_late
- else:
    -> empty_street
}

=== not_too_late ===
You walk toward him, and this time the crowd doesn't close. It leans back to let you by, and a few of them, scarred and smiling, touch your shoulder as you pass. # scene: A place still laid
{reached == "called": "I heard you, you know," he says when you reach him. "Earlier. I couldn't turn round yet. It wasn't time."|He sees the scar on your cheek and doesn't look away from it. "Ah," he says softly. "So that's what kept you."}
{scar == "hidden": You let your cover fall. There's no point hiding it from him; he was never going to look anywhere else.}
He takes your hand. His palm is warm and real, not paint at all. He runs his thumb along the line on your cheek, and it doesn't hurt. It simply belongs there.
Outside, a soft steady rain is falling on warm stone. The door swings shut on the music behind you, and you find you don't mind. The table, he tells you, is still laid. They kept your chair.
You wake with your face wet, and can't tell whether it's rain or tears, and decide it doesn't matter. Your cheek is smooth. You touch it anyway, and smile. # ending: A place still laid
-> END

=== empty_street ===
You go toward him across the long floor, and the door is further away than it looked. # scene: Rain on an empty street
{
- reply == "lied":
    "Sorry," you say as you reach him. "I got held up." It's a lie, and a good one, as smooth as your first. He nods, because it is the sort of thing people say.
- reached == "crossed":
    "I was standing right in front of you," you tell him. He laughs, as though you've made a joke he will understand later.
- reached == "left":
    You want to ask why he never saw you. But you let him be, just as you did before, and say nothing at all.
- else:
    You lift your hand to show him the scar, and find that your hand has covered it instead, without your ever deciding to.
}
He steps aside to let you by, and as you draw level with him he isn't there. There is only the doorway, and the wet night, and a street running away under the lamps, every cobble shining, no one on it.
Behind you the door clicks shut, and the music, and the portraits, and the woman with the scar, all of it goes on without you. # pause: 2
You wake in the grey before morning, rain ticking at the window, beside a hollow in the pillow that you can't remember anyone ever filling. # ending: Rain on an empty street
-> END

=== stay ===
"No," you say. "Not yet." # scene: The newest portrait
His smile wavers only a little, the way a flame does in a draught. "Of course," he says. "Another time." The door closes on him gently, and you hear the latch drop. The music starts again. The dancers turn. Nobody looks at you, and after a while you stop expecting them to.
Your skin begins to feel tight, then smooth, then very smooth, as if it were drying. It doesn't hurt. You find you can't turn your head, and then you find you don't want to.
{saw_frame: You are in the empty frame now, between the general and the girl with the hawk, and the brass plate beneath you has your name on it at last, freshly cut.|You are up on the wall now, in a gilt frame of your own, between a bishop and a girl with a hawk.}
{scar == "hidden": The painter has left your cheek flawless. Whatever happened to you tonight, the portrait will never say; it will stay young, and lie, for as long as there is varnish.|The painter has been honest. The thin line is there on your cheek, one careful stroke of red, the only thing in the frame that still looks alive.}
{sided == "fan": Far below, the woman with the fan looks up at you just once, the way she watched the chandelier, as if she always knew something would come down.}
{sided == "man": Far below, the man in the suit pulls his knot tight again, and does not look up.}
Years pass in the ballroom, or minutes. Somewhere past the walls it is raining, and every so often the door opens, and someone new is told they very nearly missed it. # ending: The newest portrait
-> END

=== song ===
You turn your back on the door, and instead of answering him you open your mouth and let out the phrase the musicians gave you. # scene: The song that sings you
It isn't your voice that comes out. It is a cello's voice, low and grained like wood, and the four musicians rise together on the dais, bows lifted, to listen.
{reply == "lied": The lie you told her comes out too, one sour note, and the cellist bends it gently back into tune.}
The doorway, and the one you know standing in it, and the rain behind him, turn out to have been notes all along. They sound once, sweetly, and resolve. # pause: 2
Your scar opens like the sound hole of a violin. Music pours out of it, and the dancers take it up, and the portraits on the walls begin, very quietly, to hum.
You are the tune now, the slow one that leans on people like a tired friend. You go round and round the room, and somewhere, on a night bus, a stranger dozing against the window hears you and very nearly understands. # ending: The song that sings you
-> END

=== seams ===
You turn away from the door and go back into the crowd, looking for the woman with the scar. # scene: The woman in the seams
Behind you he says something else, but the dancers have already closed ranks, and the words don't reach you.
You look for her in the gaps between the dancers, where she stood before, and find that the gaps open for you now. They fit you exactly.
Someone has put a glass of something red into your hand. You find yourself turning it by the rim, round and round, and laughing low at a joke nobody has told.
Through the narrow door behind the tapestry you can see the portrait at the end of the corridor. It has your face, scar and all, and it looks entirely content. # pause: 2
Across the ballroom, a door nobody remembers opening lets in a stranger, lost and a little frightened, with only the one face. You wait until they come close enough. Then you lean in, and you tell them. # ending: The woman in the seams
-> END
