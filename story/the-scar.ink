# title: The Late Guest
# description: In a ballroom of portraits painted too young, a scarred woman whispers something true to you, every face in the room turns out to be marked, yours included, and someone you know is waiting at the door.
# color: \#a33b4f

VAR heard = false
VAR saw_frame = false
VAR frame = ""
VAR sided = ""
VAR reply = ""
VAR followed = false
VAR at_portrait = ""
VAR reached = ""
VAR scar = ""

// heard      you hummed back to the music, on the dais or from the wall of portraits: the musicians know you, and
//            only they can carry you out of the house (the night bus).
// saw_frame  you walked the portraits and found the empty frame: your face fills it, and the portrait ending hangs
//            you there.
// frame      "hawk" / "hum" / "": at the empty frame you asked the painted girl with the hawk who it was for, or
//            hummed along with the music behind you.
// sided      "man" / "fan" / "": who you stood with in the quarrel; they react, show their scar, lend you cover,
//            can be asked what the scars mean, and turn up in the endings.
// reply      "lied" / "silent" / "asked": your answer to her whisper; where your scar comes, what the man or the
//            woman with the fan tells you it is from, and the second face you carry to the door.
// followed   you went after her: the narrow gallery, and she is there again at the end of every ending but one.
// at_portrait "touched" / "asked": at her portrait you touched its wet cheek, or asked what "not yet" means.
// reached    "crossed" / "left": what you did about the one you know who does not see you.
// scar       "touched" / "hidden" / "asked": what you did with your new scar.
// At the door the night decides as much as the last vote does:
//   step through   ends well when at least two of these hold: you did not lie to her, you did not hide the scar,
//                  you crossed the floor to him; otherwise he is not there when you reach the door.
//   the threshold  with the scar hidden he waits for a face you will not show, and goes; otherwise, the held breath.
//   stay           a lie told or a scar hidden, and the house hangs you on its wall; an honest face and a tune you
//                  answered, and the music takes you home; an honest face alone, and he waits with you.
//   the music      answers only someone who answered it earlier; otherwise the door is empty when you turn back.

-> ballroom

=== ballroom ===
You come in through a door you don't remember opening, and the ballroom is already halfway through its evening. Chandeliers hang low and heavy, {~dripping wax onto no one|weeping wax onto the parquet|shedding wax on nobody's hair}. The air tastes of old cellars and struck matches, and under every conversation runs a faint restless charge, like weather making up its mind. # scene: The ballroom
Portraits crowd the walls in gilt frames: dukes, dowagers, a general, a bishop with a lapdog, a girl with a hawk on her wrist. Every one of them was painted far too early. The faces are smooth as children's, but the eyes have already seen the whole of their lives. # introduces: hawk girl
From somewhere at the far end comes music, slow and low, played by people you can't yet see.

* [Follow the music]
    -> musicians
* [Walk along the wall of portraits]
    ~ saw_frame = true
    -> portraits

=== musicians ===
On a low dais, four musicians in wine-dark coats are playing something slow that leans against you like a tired friend. # scene: The musicians # introduces: dais, cellist
You stop to listen, and the tune turns a corner you know. It isn't only music. The phrases rise and fall like sentences, with little pauses where a speaker would breathe, and you realise it is a language, one you overheard once, half asleep, in the rocking of a night bus or the drone of a ferry's engine.
The cellist lifts her eyes to you over her bow, as if the next phrase were a question, and waits.

* [Hum the answer back to her]
    ~ heard = true
    You don't know the words, but your throat seems to. You hum four notes, low and unsure, and the cellist's bow stops dead. # introduces: four notes
    Then all four musicians smile at once, and the tune bends to make room for you. For one long moment you understand every word they are playing. It is mostly about someone who is coming, and when the moment passes you keep one phrase of it, folded small, like a note tucked in a coat pocket. # pause: 2

* [Listen, and only listen]
    You keep still and let it move through you. The cellist looks away, not unkindly, and the question goes unanswered.
    Without an answer the tune wanders off around the room, looking for someone else. You catch a few of its words as it passes: marked, and waiting, and late.

- -> woman

=== portraits ===
You leave the music to itself and walk the wall of faces. Up close the paint is still soft and smells of linseed, as if every one of them were finished this morning. # scene: The portraits
A general of perhaps nine, with a general's tired eyes. A dowager with a baby's round cheeks, fingering her pearls like a rosary. The brass plates beneath them have been polished until the names are nearly gone.
Between the general and the girl with the hawk hangs one empty frame. Its plate has been rubbed quite blank, and in the brass you find your own face, stretched and gold, looking back at you. # introduces: empty frame # mentions: hawk girl
Behind you the music goes on, slow and patient, as though it were talking about someone who hasn't arrived yet.

* [Ask the girl with the hawk who the frame is for]
    ~ frame = "hawk"
    "Who is it for?" you ask her, feeling foolish. The hawk turns its head before she does, and when she answers, her painted mouth never moves.
    The late one. There's one every night. They come in just as the music starts to mean something, and they never know it's them. # speaker: The girl with the hawk

* [Hum along with the music behind you]
    ~ frame = "hum"
    ~ heard = true
    You hum along under your breath, four notes that seem to be what the tune is asking for. Down the room a cello falters, then plays them back to you, and goes on. # introduces: four notes, cellist

- -> woman

=== woman ===
# CLEAR
That is when you notice her. She isn't in the crowd, not exactly. She stands in its seams, in the gaps that open between the dancers and close again, as though the room keeps one small place free for her and no one else. # scene: The woman with the scar
A scar, pale and fine as a pulled thread, starts high at her temple and ends at the hinge of her jaw. She turns a half-finished glass of something red by its rim, round and round, and laughs, low and dry as a match struck twice, at a joke nobody has told.
{heard: Under the music your four notes come round again, softly, and her head tilts, as if she heard them too. # mentions: four notes|{frame == "hawk": Over the heads of the crowd she and the girl with the hawk exchange a look, like two people who have been discussing you. # mentions: hawk girl|She has not looked at you yet. You are somehow certain that she knows exactly where you are standing.}}
Right beside her, two people are quarrelling in voices pitched not to carry. One of them wears a beautifully cut suit and a tie that has been cinched so hard the knot has shrunk to the size of a walnut. His hands are fists at his sides.
The other is a woman in a dress buttoned up to the chin, holding a painted fan before her like a raised drawbridge. She won't look at him. Her eyes are on the chandelier overhead, as though she expects it to come down and has decided to be ready when it does.

* [Stand with the man in the tight tie]
    ~ sided = "man"
    -> sides
* [Stand with the woman behind the fan]
    ~ sided = "fan"
    -> sides
* [Slip past them both, straight to her]
    You turn sideways and slide between them, into the narrow gap where their argument lives. Neither of them seems to notice you. Behind you the quarrel picks up where it left off, as if you had been a dropped stitch.
    -> whisper

=== sides ===
You pick a side the way you pick a seat in a stranger's house: quickly, and for reasons you could never explain. # scene: Taking sides
{sided == "man": You step in at the man's shoulder. He glances at you, startled, then grateful, and his fists loosen by a finger's width. "She won't hear it," he mutters. "Nobody in this house will hear a plain thing said plainly."|You step in beside the woman with the fan. She keeps her eyes on the chandelier, but she tilts the fan a little, so that it shelters you too. "He thinks if he pulls it tight enough, nothing can get out," she says quietly.}
{sided == "man": Behind her fan the woman makes a small sound, like a page being torn.|The man's jaw works, as though he is chewing a word he can't swallow.} Past them both, the woman with the scar has been watching, and now she watches you, with the patience of someone waiting for a kettle.
-> whisper

=== whisper ===
Then you are standing in front of her, and the air pulls taut between you like a wire about to sing. She looks round, and her eyes meet yours: glossy black, the colour of a letter left out in the rain. # scene: The whisper
Everything else goes quiet. The music thins to a single held note, and the dancers smear into candle-coloured shapes, like a photograph someone moved while it was being taken. # pause: 2
She leans in close enough that you feel her breath on your cheek, and whispers: "Look at you. Still wearing only the one face."
{sided == "man": Behind you, the man in the tight tie goes very still.}
{sided == "fan": Behind you, the fan stops moving.}
{sided == "": Behind you, the quarrel breaks off in the middle of a word, as if both of them had heard.}

* [Tell her she's mistaken, smoothly and easily]
    ~ reply = "lied"
    "You've got me confused with someone else," you say, and it comes out light and pleasant and entirely untrue. You didn't know you could do that.
    Her smile is sad and a little proud, a teacher's smile. "There," she breathes. "Now you have two."

* [Say nothing, and let it be true]
    ~ reply = "silent"
    You say nothing. There is nothing to add. She looks at you for a long moment, like someone reading a letter twice to be sure of it, and then she nods.

* [Ask her what a second face would cost]
    ~ reply = "asked"
    "What does it cost?" you ask. "The second face?" She doesn't answer. She only lifts one fingertip and lays it on your cheek, just below your eye, very lightly, the way you would mark a place in a book. # pause: 1

- -> gone

=== gone ===
Then the noise comes back all at once, like cutlery tipped down a stair, and the room is only a room again. The tight knot bobs as the man swallows; the painted fan clacks shut and open again. And when you look back, she isn't there. # scene: Gone
There is only her glass, set down on a side table and still rocking to rest, and a trace of scent in the air: snuffed candles and crushed violets.

* [Push into the crowd after her]
    ~ followed = true
    -> gallery

* [Stay where she left you]
    You stay. Your hands have started to shake, and you fold them together to make them stop.
    {musicians: On the dais the musicians lift their bows and hold them there, mid-air. # mentions: dais|Somewhere down the room, the music you never went to find stops in the middle of a phrase.} Conversations falter. The crowd draws back without being asked, a step at a time, until a clear aisle runs from where you stand all the way down the room.
    -> known

=== gallery ===
You shoulder through silk and elbows, chasing the smell of violets, and find a narrow door behind a tapestry, just swinging shut. Beyond it is a corridor hung with smaller, older portraits, their varnish gone the colour of honey. The candles here burn without a flicker. # scene: The narrow gallery
At the very end hangs her portrait: the same woman, as young as all the others, the skin of her face unbroken from temple to jaw.
{reply == "lied": But the face in the painting isn't quite hers. The longer you look, the more it becomes yours, as you were a moment before you lied to her.|But the face in the painting isn't quite hers. The longer you look, the more it looks like yours.}
Her voice comes from somewhere behind the frame, close and amused. "Not yet, love. Go back. He's about to not see you."

* [Touch the painted cheek where her scar should be]
    ~ at_portrait = "touched"
    The paint gives under your fingertip like the skin on cooling milk. When you take your hand away there is a thin red line across the painted cheek, and the same red on you. # introduces: red fingertip
    Careful, love. That's how it starts. # speaker: The woman with the scar

* [Ask her what "not yet" means]
    ~ at_portrait = "asked"
    "Not yet what?" you ask the frame.
    Not dry. Nothing in this house is finished until it's dry, and whoever is still here when the last song ends gets hung up to dry with the rest of us. Go on. Go and be seen. # speaker: The woman with the scar

- The corridor is only a few steps long, going back. You push the tapestry aside and come out by the ballroom's back wall, where the music has stopped and the crowd has drawn back to leave an empty space.
-> known

=== known ===
# CLEAR
And there he is. Of all the strangers in this house, he is the one you could name in your sleep, and perhaps you have. He stands among people you have never seen, laughing too loudly at something, eyes bright, one hand on a stranger's shoulder. # scene: The one you know
He never once looks your way. His gaze slides over the place where you stand as if it were a stretch of wallpaper. It isn't cruelty. You simply aren't there for him.

* [Cross the floor and stand right in front of him]
    ~ reached = "crossed"
    -> wet_paint

* [Let him be, and turn to go]
    ~ reached = "left"
    You watch him a moment longer, as you would watch a lit house from the road. He is telling a story with his hands, and he gets the ending wrong, and everyone laughs anyway. You tell yourself it doesn't matter, and you turn toward the doors.
    -> marks

=== wet_paint ===
You walk the whole length of the floor and stop an arm's length from him. Close enough to smell his coat. Close enough to be rude. # scene: Wet paint
He laughs straight through you. When you touch his sleeve it is stiff and cool, like canvas, and your fingertips come away tacky, as if he were still wet paint. {at_portrait == "touched": Her red leaves a small print on his cuff, and he doesn't notice that either. # mentions: red fingertip} # pause: 1 # introduces: tacky fingers
-> marks

=== marks ===
{reached == "left": It is as you turn that you see it.|It is while you are looking at him that you see it.} The woman's scar was never hers alone. Everyone has one: the bishop in his portrait, the girl with the hawk, the dancers, the musicians, the waiters with their silver trays. # scene: The marks # mentions: hawk girl
No two are alike: {~a silver hook at the corner of a mouth|a white comma tucked under an eyebrow|a pink seam along the side of a thumb}, a pale ladder across a wrist, a puckered star on the back of a hand. But they are all the same sort of mark, the sort a life leaves when something has happened that can't be taken back.
{
- sided == "man":
    The man in the suit has finally worked his knot loose. Under his collar, straight across the throat, runs a long white line. So that is what the tie was for.
- sided == "fan":
    The woman has lowered her fan. Across her lips and chin runs a thin pale seam. So that is what the fan was for.
- else:
    Even the quarrelling pair have theirs, you realise: his under that strangling knot, hers behind the painted fan. So that is what they were for.
}
Then your own face begins to sting. {reply == "asked": Just below your eye, exactly where her fingertip rested, there is a line that wasn't there before.|{at_portrait == "touched": Along your cheekbone there is a line that wasn't there before, the same red as the paint on your fingertip. # mentions: red fingertip|Along your cheekbone there is a line that wasn't there before.}} No one else in the room has this one. # pause: 2
{saw_frame: On the far wall, the empty frame is empty no longer. Your own face looks out of it, painted young, and the paint is still wet along one thin red line on the cheek. # mentions: empty frame}
{reached == "crossed" && at_portrait != "touched": You look at your fingertips, still tacky from his sleeve. The colour on them is exactly the colour of the scar. # mentions: tacky fingers}

* [Touch the new scar]
    ~ scar = "touched"
    You lift your hand and lay two fingers along it. It is tender, and warm, and it doesn't frighten you as much as it should. It feels like a word you have finally learned to say.
    {heard: Somewhere across the room, a single string answers with a low, approving note.|Across the room someone sets a glass down very gently, as if they had been waiting for you to do that.}

* [Cover it before anyone sees]
    ~ scar = "hidden"
    {
    - sided == "fan":
        The woman presses her fan into your hand without a word. You open it before your face, and the room turns into a painted marsh of herons and reeds. # introduces: cover
    - sided == "man":
        The man in the suit hands you his folded handkerchief, and you hold it to your cheek as though you have only scratched yourself on a pin. # introduces: cover
    - else:
        You cup your hand over your cheek and leave it there, casual, as if you were only thinking. # introduces: cover
    }
    It's easy. That is the worst of it: how easy it is.

* {sided == "man"} [Ask the man in the suit what the scars mean]
    ~ scar = "asked"
    Here, where the truth went in. Say one true thing in this house, really say it, and it leaves its mark. # speaker: The man in the suit
    -> marks.yours

* {sided == "fan"} [Ask the woman with the fan what the scars mean]
    ~ scar = "asked"
    Here is where the truth got out. Everyone in this house said one true thing, once. Afterwards we learned to be careful. # speaker: The woman with the fan
    -> marks.yours

- -> door

= yours
"Then what is mine from?" you ask. {reply == "lied": {sided == "man": He|She} looks at you with something close to pity. "From tonight. You learned the other trick tonight, didn't you? It cuts both ways."|{sided == "man": He|She} looks at you with something close to envy. "From tonight," comes the answer. "From whatever true thing you are about to do."}
-> door

=== door ===
# CLEAR
Beyond the last of the portraits, a door you hadn't noticed swings slowly open on old hinges, groaning like a ship at anchor. # scene: The door
The one you know is standing in it. He must have slipped out while you weren't looking, and now he leans in from the dark beyond, smiling wide, eyes shining, and for the first time tonight he is looking straight at you.
"You're late," he says, easy, as though it were you who kept him waiting all evening. "Still. Not so late that we gave your place away." {frame == "hawk": On the wall beside you, the girl with the hawk does not quite smile. The late one. # mentions: hawk girl}
Behind him you can hear rain, and smell it: cold stone, wet leaves, the open night.
{scar == "asked": At your elbow, {sided == "man": the man in the suit loosens his collar another notch|the woman with the fan folds it shut} and murmurs, "Go on, then. One of us ought to."}
{scar == "hidden": Your cheek burns under your {sided == "fan": borrowed fan|{sided == "man": borrowed handkerchief|hand}}. From the doorway the one you know cannot see the mark, and you can't tell whether that is a mercy. # mentions: cover}

* [Step through the door to him]
    -> through

* [Wait on the threshold for what he says next]
    -> threshold

* [Stay in the ballroom]
    -> stay

* [Answer the music instead of him]
    -> song

=== through ===
{
- (reply != "lied" && scar != "hidden") || (reached == "crossed" && (reply != "lied" || scar != "hidden")):
    -> not_too_late
- else:
    -> empty_street
}

=== stay ===
{
- reply == "lied" || scar == "hidden":
    -> portrait
- heard:
    -> song.carried
- else:
    -> lingering
}

=== not_too_late ===
You walk toward him, and this time the crowd doesn't close. It leans back to let you by, and a few of them, scarred and smiling, touch your shoulder as you pass. {sided == "man": The man in the suit, his collar open, gives you a small stiff bow.}{sided == "fan": The woman with the fan lowers it all the way, and smiles with her marked mouth.} # scene: Across the floor
{reached == "crossed": "You came right up to me," the one you know says when you reach the door, slowly, as if it were news someone had brought him afterwards. He looks at your fingertips, and says nothing else about it. # mentions: tacky fingers|When you reach the door the one you know sees the mark on your cheek, and doesn't look away from it. "Ah," he says softly. "So that's what kept you."}
{scar == "hidden": You let your cover fall. There's no point hiding it from him; he was never going to look anywhere else. # mentions: cover}
{reply == "lied": "And the other face?" he asks. You find you have left it somewhere behind you, like a coat on the back of a chair, and you don't go back for it.}
He takes your hand. {reached == "crossed" || at_portrait == "touched": His palm is dry and real, not paint at all.|His palm is dry and real.} He runs his thumb along the line on your cheek, and it doesn't hurt. It simply belongs there.
Outside, a soft steady rain is falling on stones still warm from the day. The door swings shut on the music behind you, and you find you don't mind. The table, he tells you, is still laid. They kept your chair. {followed: In the chair beside it a woman with a scar from temple to jaw is turning a glass by its rim, and she lifts it to you.}
You wake to rain on the sill and the window open, your face wet with it. Your cheek is smooth. You touch it anyway, and smile. # ending: A place still laid
-> END

=== empty_street ===
You go toward him across the long floor, and the door is further away than it looked. # scene: The long floor
{reply == "lied": "Sorry," you say as you reach him. "I got held up." It's a lie, and a good one, as smooth as your first. He nods, because it is the sort of thing people say.|You keep your cheek covered all the way to the door. He watches you come, pleasant and unknowing, as he looked at everyone else tonight. # mentions: cover}
{reached == "crossed": Your fingertips are still tacky from his sleeve. You wipe them on your coat before he can take your hand. # mentions: tacky fingers|You were leaving anyway, you tell yourself. This is only leaving by a different door.}
He steps aside to let you by, and as you draw level with him he isn't there.
-> street

= street
There is only the wet night beyond the sill, and a street running away under the lamps, every cobble shining, no one on it. {followed: Far down it a woman with a scar from temple to jaw turns a corner, and this time you don't go after her.}
{heard: Behind you the door clicks shut halfway through the phrase you hummed, and the music, and the portraits, and the woman with the scar, all of it goes on without you.|Behind you the door clicks shut, and the music, and the portraits, and the woman with the scar, all of it goes on without you.} # pause: 2
You wake in the grey before morning with rain ticking at the window, and for a long minute you keep your hand pressed over a cheek that has nothing on it. # ending: Rain on an empty street
-> END

=== threshold ===
You go to the door and stop there, one foot on the worn sill and one still on the ballroom floor. # scene: The threshold
The rain is very close now. You can smell it on the cobbles beyond him, cold and mineral, and on his coat, and on the shoulders of your own.
{
- scar == "hidden":
    He waits for you to lower your cover. You don't. "Ah," he says pleasantly, as to someone he has only just been introduced to, and he steps back into the dark to let you pass. When you step out after him, nobody is there. # mentions: cover
    -> empty_street.street
- scar == "touched":
    He lifts his hand toward the mark on your cheek and stops a finger's width short of it, as if waiting to be asked.
- else:
    He tilts his head at the mark on your cheek, curious, in no hurry at all.
}
{reply == "lied": On your tongue sits a second, easier answer, ready to go, and you don't yet know which of your faces will speak.|{reply == "asked": Below your eye, the place her fingertip marked is beating like a second pulse.|You have nothing ready to say, and for once that doesn't frighten you.}}
-> held

= held
Behind you the musicians have lifted their bows and not brought them down. {heard: The phrase you hummed waits in your throat.} Ahead of you, he waits. The whole house waits with the two of you. {followed: Down the narrow gallery, you are sure, a painted woman is holding her breath as well.} # pause: 2
He draws breath to say the next thing. So do you, quick and shallow, and you hold it. # ending: The held breath
-> END

=== lingering ===
"No," you say. "Not yet." # scene: Not yet
He doesn't close the door. He leans on the frame and waits, as if "not yet" were an answer he could live with, and the rain waits behind him. {scar == "touched": Now and then his eyes go to the mark on your cheek, and come back to your eyes, and stay there.}
{at_portrait == "asked": Not yet, she said in the gallery. Not dry. You stand in the doorway's draught and feel the night not finishing.}
-> threshold.held

=== portrait ===
"No," you say. "Not yet." # scene: The latch
His smile wavers only a little, like a flame in a draught. "Of course," he says. "Another time." The door closes on him gently, and you hear the latch drop. The music starts again. The dancers turn. Nobody looks at you, and after a while you stop expecting them to.
Your skin begins to feel tight, then smooth, then very smooth, as if it were drying. It doesn't hurt. You find you can't turn your head, and then you find you don't want to. {at_portrait == "asked": So this is what she meant by dry.}
{saw_frame: You are in the empty frame now, between the general and the girl with the hawk, and the brass plate beneath you, rubbed blank when you first saw it, has your name on it at last, freshly cut. # mentions: empty frame|You are up on the wall now, in a gilt frame of your own, between the bishop and the girl with the hawk. # mentions: hawk girl}
{scar == "hidden": The painter has left your cheek flawless. Whatever happened to you tonight, the portrait will never say; it will stay young, and lie, for as long as there is varnish.|The painter has been honest about the scar: one careful stroke of red along the cheek. It is the face around it that lies, smooth and pleasant, a face for strangers. Your second one.}
{sided == "fan": Far below, the woman with the fan looks up at you just once, as she watched the chandelier, as if she always knew something would come down.}{sided == "man": Far below, the man in the suit pulls his knot tight again, and does not look up.}{sided == "" && followed: Far below, by the tapestry, the woman with the scar lifts her glass to you, and drinks.}
Years pass in the ballroom, or minutes. Somewhere past the walls it is raining, and every so often the door opens, and someone new is told they very nearly missed it. # ending: The newest portrait
-> END

=== song ===
You turn your back on the door, and instead of answering him you answer the music. # scene: The answer
{heard: -> sung}
You hum, guessing, and it comes out wrong. The tune plays on past you like a conversation at the next table, polite, in a language you never learned. {musicians: On the dais the cellist does not look up. # mentions: dais, cellist}
When you turn back, the doorway is empty. You go to it anyway, and out.
-> empty_street.street

= carried
"No," you say. "Not yet." # scene: The answer
As if they had waited all night for exactly those words, the musicians lift their bows, and the tune you answered comes round to you again.
-> sung

= sung
{musicians: The phrase the cellist gave you is still folded in your throat. You let it out, four low notes, and all four musicians rise on the dais to meet it. # mentions: dais, cellist, four notes|You let the four notes out again, the ones you hummed at the wall of portraits, and from across the room the cello takes them up. # mentions: four notes, cellist}
It isn't your voice that comes out. It is a cello's voice, low and grained like wood. {reply == "lied": The lie you told her comes out too, one sour note, and the tune bends round it and carries it off like a leaf on a river.|Your scar hums with it, as a glass hums when a note finds it.}
The doorway, and the one you know standing in it, and the rain behind him, turn out to have been notes all along. They sound once, sweetly, and resolve. # pause: 2
The ballroom goes after them: the portraits, the dancers, the scarred waiters with their trays{followed:, the narrow gallery and the painted woman at the end of it}, all of it folding into the tune the way a map folds into a pocket.
You wake on a night bus with your forehead against the cold window and the engine droning under you in a language you almost know. {sided == "": Across the aisle a stranger is humming four notes under her breath, and she smiles when she sees you've heard.|Across the aisle a passenger with {sided == "man": a tie pulled loose at the throat|a folded fan in her lap} is humming the same four notes, and nods to you as if you'd met.} # ending: The night bus # mentions: four notes
-> END
