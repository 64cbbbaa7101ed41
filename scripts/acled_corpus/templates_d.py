"""A fourth set of patterns: short notes, report prose, and hard negatives with conflict words.

Slots as in templates_a.
"""

TEMPLATES: dict[str, list[str]] = {
    "Armed clash": [
        "{NSA} fighters and [the army|government soldiers] [fought|battled] [overnight|for hours] [on the edge of|inside] {P}. [Both sides reported casualties.|The army said it killed {N} assailants.]",
        "On {DA}, unidentified armed men [attacked|opened fire on] a [gendarmerie|police|army] post in {P} ({A}); the [soldiers|officers] returned fire. {N2} [assailant was|gendarmes were] killed.",
        "[Violent|Heavy] clashes [broke out|took place] between [two rival militias|{NSA} and {MILITIA}] [in|near] {P}, [local sources said|according to residents], [killing|leaving] {N} [fighters|dead].",
    ],
    "Government regains territory": [
        "The [military|army] [announced|said] it had [retaken|recaptured] [several villages|the district|{P}] in {A}, [previously held by|long controlled by] {NSA}, [in an ongoing offensive|on {DA}].",
        "On {DA}, {MIL} [retook|recovered] {P} ({A}), [forcing|pushing] {NSA} to withdraw. [Fatalities unknown.|{N} fighters were killed.]",
    ],
    "Non-state actor overtakes territory": [
        "On {DA}, {NSA} [took|gained] control of [the town of|the border crossing at|the army camp in] {P} ({A}) [after|following] [an offensive|clashes with {MIL}]. [Fatalities unknown.|Soldiers fled the area.]",
        "[Rebels|Militants|Insurgents] [say they have captured|claim to have seized|announced they now hold] {P}, [a strategic|a key] [town|crossroads] in {A}, [after|following] [heavy fighting|the army's retreat].",
        "{NSA} [expanded its territory|extended its control] {DW}, [seizing|capturing] {P} [and|along with] [{N} surrounding villages|the main road], according to [a monitor|analysts].",
    ],
    "Chemical weapon": [
        "[People|Victims] in {P} [were found|collapsed] [foaming at the mouth|struggling to breathe] after [a gas attack|a chemical strike] {DW}, [doctors|rescue workers] said; {N} died.",
        "On {DA}, {MIL} [used|employed] chemical agents [against|on] [residents of|fighters in] {P} ({A}), [according to|said] [medics|a monitor]. {N} people were affected.",
    ],
    "Air/drone strike": [
        "On {DA}, [a military drone|military aircraft] [struck|bombed] [a house|a gathering|a vehicle] in {P} ({A}), killing {N} [people|civilians|suspected militants].",
        "[An aerial bombardment|A wave of air strikes] [on|against] {P} {DW} [killed|left] {N} [people|dead], [including children|according to a local health official].",
    ],
    "Suicide bomb": [
        "On {DA}, a [suicide bomber|suicide attacker] [targeted|struck] [a military convoy|a crowded market|a mosque] in {P} ({A}). {N} people were killed, including the attacker.",
        "[At least {N} people died|{N} were killed] in a suicide [blast|bombing|attack] at [a checkpoint|a funeral|a police academy] in {P} {DW}.",
    ],
    "Shelling/artillery/missile attack": [
        "On {DA}, [rockets|artillery|mortars] fired by {NSA} [hit|struck] {P} ({A}). [Fatalities unknown.|{N2} civilians were killed.]",
        "[A barrage of|Several] [rockets|shells|missiles] [struck|hit] [central|northern] {P} {DW}, [damaging buildings|igniting fires] [and killing {N2}|], [the mayor said|officials said].",
    ],
    "Remote explosive/landmine/IED": [
        "On {DA}, [a landmine|an IED|a roadside bomb] [exploded|detonated] [near|in] {P} ({A}), [killing|injuring] {N2} [civilians|soldiers|people].",
        "[Explosives|A bomb] [hidden|planted] [in a car|on a roadside|in a market stall] [went off|blew up] in {P} {DW}, [killing|injuring] {N} people, [authorities|police] said.",
    ],
    "Grenade": [
        "On {DA}, a grenade [was thrown|exploded] [at|in] [a police post|a market|a house] in {P} ({A}), [injuring|killing] {N2} [people|officers].",
        "{N2} people were [hurt|injured|killed] when [someone|an unidentified man] [threw|hurled] a grenade [into|at] [a crowd|a bar|a meeting] in {P} {DW}.",
    ],
    "Sexual violence": [
        "On {DA}, [an armed man|a soldier|a militiaman] [raped|sexually assaulted] a [woman|girl|displaced woman] in {P} ({A}).",
        "[Women|Girls] in {P} [were raped|suffered sexual violence] [by|at the hands of] [fighters|soldiers|armed men] {DW}, [a UN official said|according to a women's group].",
    ],
    "Attack": [
        "On {DA}, [armed men|unidentified gunmen|{NSA}] killed {N} civilians in {P} ({A}).",
        "[Civilians|Villagers|Farmers] were [attacked|killed] in {P} {DW} when [gunmen|armed men] [opened fire|stormed the village], [leaving|killing] {N} [dead|people].",
        "{N2} [civilians|passengers|residents] [were shot|were killed] by [armed men|{NSA}|soldiers] [at|near] {P} {DW}; [the motive was unclear|no group claimed the attack].",
    ],
    "Abduction/forced disappearance": [
        "On {DA}, [armed men|{NSA}|gunmen] abducted {N} [civilians|people|women] [in|from] {P} ({A}).",
        "[A local chief|A businessman|A student leader] [disappeared|went missing] after [men in uniform|armed men] [took him|picked him up] in {P} {DW}; [his family|rights groups] fear [an enforced disappearance|he was abducted].",
    ],
    "Peaceful protest": [
        "On {DA}, {PROT} [protested|demonstrated|gathered] in {P} ({A}) [to demand|calling for|against] {ISSUE}.",
        "On {DA}, [around {NB}|several hundred|dozens of] [people|residents|{PROT}] [held a march|marched|held a rally] in {P} ({A}) [over|against] {ISSUE}.",
        "[A crowd of|Hundreds of] [residents|{PROT}] [took part in|joined] a [protest|march|demonstration] in {P} {DW} [against|over] {ISSUE}, [carrying placards|singing and chanting].",
        "{PROT} [staged|organised|held] a [strike|sit-in|demonstration] in {P} {DW}, [calling for|demanding] [action|a solution|justice] [on|over|for] {ISSUE}.",
    ],
    "Protest with intervention": [
        "On {DA}, {POL} [dispersed|broke up] a [protest|demonstration|sit-in] by {PROT} in {P} ({A}) [against|over] {ISSUE}[ using tear gas|, arresting {N2} people|].",
        "[Police|Authorities] [detained|arrested] [dozens of|{N}] [demonstrators|protesters] [at|during] a [rally|protest] [against|over] {ISSUE} in {P} {DW}.",
    ],
    "Excessive force against protesters": [
        "On {DA}, {POL} [fired live ammunition at|shot at] {PROT} [protesting|demonstrating] in {P} ({A}), killing {N2} [and wounding several|].",
        "{N} people [were killed|died] [when|after] [security forces|troops|police] [fired on|shot at] [demonstrators|a crowd of protesters] in {P} {DW}.",
    ],
    "Violent demonstration": [
        "On {DA}, {PROT} [rioted|set fire to property|threw stones at the police] in {P} ({A}) [over|against] {ISSUE}.",
        "[Rioting|Violent protests] [broke out|erupted] in {P} {DW} over {ISSUE}, with [demonstrators|protesters] [burning|torching] [vehicles|a bank|government property].",
    ],
    "Mob violence": [
        "On {DA}, a mob [attacked|beat|killed] [a man|a woman|two men] [accused of|suspected of] [theft|witchcraft|kidnapping] in {P} ({A}).",
        "[Residents|A crowd] [took the law into their own hands|dispensed jungle justice] in {P} {DW}, [beating to death|burning] [a suspected thief|two alleged robbers].",
        "[Rival communities|Two villages|Youths from rival clans] [clashed|fought] [over|about] [land|a water point|a disputed boundary] in {P} {DW}, [using machetes and clubs|with sticks and stones]; {N2} people were killed.",
    ],
    "Agreement": [
        "On {DA}, {GOV} and {NSA} [signed|agreed on] a [ceasefire|peace deal|prisoner exchange] in {P} ({A}).",
        "[A ceasefire|A peace accord|A local truce] [between|involving] {GOV} and {NSA} [was signed|was agreed|took effect] {DW}, [mediators said|according to a joint statement].",
    ],
    "Arrests": [
        "On {DA}, {POL} [arrested|detained] [a journalist|an activist|{N} suspects|a politician] in {P} ({A}).",
        "[Police|Security services] [arrested|detained] {N} [people|suspects] in {P} {DW}, [accused of|suspected of] [planning attacks|supporting the rebels|spreading propaganda].",
    ],
    "Change to group/activity": [
        "On {DA}, {NSA} [announced|declared] [a new leader|a change of name|its merger with {NSA2}|the creation of a new unit] in {P} ({A}).",
        "[Leaders|Commanders] of {NSA} [announced|declared] {DW} that the [group|movement] [would now operate|would be known] [as a political party|under a new name|under a unified leadership].",
    ],
    "Disrupted weapons use": [
        "On {DA}, {MIL} [defused|disarmed|destroyed] [an IED|a bomb|a landmine] [found|discovered] [near|in] {P} ({A}).",
        "[Air defence|The military] [intercepted|shot down|neutralised] [{N} drones|a missile|rockets] [aimed at|heading for|launched towards] {P} {DW}; [no damage was reported|debris fell on a field].",
        "[Weapons|Arms and explosives|Ammunition] [belonging to|hidden by] {NSA} [were seized|were confiscated|were found] [in|near] {P} {DW}, [officials said|the army said].",
    ],
    "Headquarters or base established": [
        "On {DA}, {NSA} [established|set up] [a base|a camp|a headquarters] in {P} ({A}).",
        "[A new base|A new headquarters|A camp] [for|of] {NSA} [has been set up|was established] [in|near] {P}, [residents|officials] said {DW}.",
        "{MIL} [established|set up|opened] a [military base|post|camp] [in|near] {P} ({A}) on {DA}.",
    ],
    "Looting/property destruction": [
        "On {DA}, {NSA} [looted|burned|destroyed] [property|houses|shops|livestock pens] in {P} ({A}). No fatalities were reported.",
        "[Houses|Shops|Crops] [were burned|were looted|were destroyed] in {P} {DW} by [armed men|fighters|soldiers], [according to|said] [residents|local officials].",
    ],
    "Non-violent transfer of territory": [
        "On {DA}, {NSA} [handed over|transferred|ceded] {P} ({A}) to {MIL} without fighting.",
        "On {DA}, {MIL} [withdrew from|left] {P} ({A}) and {NSA} [took control of|entered] the town without clashes.",
        "[Control|Administration] of {P} was [transferred|handed over] {DW} [from {NSA} to {MIL}|to {NSA}] [peacefully|without a fight] [under|as part of] [a negotiated deal|an agreement].",
    ],
    "Other": [
        "On {DA}, {GOV} [imposed|announced] a [curfew|ban on gatherings|state of emergency] in {P} ({A}).",
        "On {DA}, {NSA} [set up checkpoints|distributed leaflets|held a public meeting|imposed a blockade] in {P} ({A}).",
        "[Authorities|The army] [shut|closed] [the roads|the border crossing|schools and markets] [in|around] {P} {DW} [for security reasons|amid fears of attacks].",
    ],
    "NONE": [
        "[Teachers|Doctors|Dock workers] in {P} [began|called off] a [strike|pay dispute] {DW} after [talks with the ministry|a wage deal], [unions said|the union said].",
        "The [club|team] [fired|sacked] its [coach|manager] {DW} after a string of [defeats|poor results], [the club said|officials said].",
        "A [former minister|veteran journalist|singer] [died of a heart attack|passed away] in {P} {DW}, [family members said|state media reported].",
        "[Residents|Officials] [remembered|commemorated] the victims of [the 2009 massacre|the war of the 1990s|a bombing years ago] in {P} {DW} with [a memorial service|prayers].",
        "In [1998|2003|2011], [rebels|government forces] [captured|fought for] {P}, [a history|an episode] [recalled|recounted] in a new [book|documentary] [released|screened] {DW}.",
        "The [new film|latest album|show] [bombed|flopped] at the box office in {P} {DW}, [critics said|according to ticket sales].",
        "[Police|Authorities] said a [bomb threat|hoax call] [at|against] [a school|the airport] in {P} {DW} [turned out to be false|was a hoax]; [classes resumed|flights resumed].",
        "[Lawmakers|Parliament] in {P} [debated|passed] a [bill|law] on [security|mining|taxes] {DW}, [with the opposition walking out|by a narrow majority].",
    ],
}
