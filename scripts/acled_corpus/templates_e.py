"""A fifth set of patterns, for the sub-types most often confused: two per sub-type, more for the
strategic developments, chemical weapons, territory and riots.

Slots as in templates_a.
"""

TEMPLATES: dict[str, list[str]] = {
    "Armed clash": [
        "[Reports from|Sources in] {P} said {MIL} [repelled|beat back] {NSA} [after a firefight|following an exchange of gunfire] that lasted [until dawn|several hours]; {N} [militants|attackers] were killed.",
        "{N2} [soldiers|policemen|militiamen] [died|were killed] and {N} were wounded when {NSA} [raided|attacked] their [camp|position|outpost] near {P}, [sparking|triggering] a gun battle.",
    ],
    "Government regains territory": [
        "[Government|State] forces [have regained|regained] [control of|their positions in] {P} [after|following] [an assault|a counter-attack] on {NSA}, [the governor|a military official] said {DW}.",
        "[Army units|Troops] [entered|returned to] {P} {DW} [after|having] [driving out|routed] {NSA} [militants|fighters], [restoring|re-establishing] [state authority|government control] [there|over the town].",
    ],
    "Non-state actor overtakes territory": [
        "{NSA} [overran|stormed] {P} {DW} and [now controls|took control of] the town, [after|as] {MIL} [fled|withdrew] [following|after] [heavy fighting|a night-long assault].",
        "On {DA}, {NSA} [captured|seized|took over] [the district headquarters|the military camp|the town] of {P} ({A}) from {MIL}.",
        "[Fighters|Gunmen] of {NSA} [are now in control of|have taken] {P}, [residents said|local officials confirmed], [after|following] the [collapse|retreat] of [government|army] [defences|units] there {DW}.",
    ],
    "Chemical weapon": [
        "[Rescue workers|Doctors] in {P} said {DW} [a toxic gas|a chemical substance] [released by|dropped in] [a bomb|a shell|a drone munition] [sickened|killed] {N} [people|residents], [many of them children|including women].",
        "{MIL} [are accused of|were accused of] [a chemical attack|using chemical weapons] [on|in] {P} {DW}, [after|with] [{N} people|dozens] [suffering|showing] [symptoms of gas poisoning|breathing problems].",
        "On {DA}, a [gas|chemical] munition [was fired|was dropped] on {P} ({A}), [reportedly|allegedly] by {MIL}, [affecting|poisoning] {N} people.",
    ],
    "Air/drone strike": [
        "[The|An] [air force|military aircraft] [carried out|launched] [bombing raids|airstrikes] on {P} {DW}, [residents|rescue workers] said, [killing|injuring] {N}.",
        "A [suspected|reported] drone [attack|strike] [on|in] {P} {DW} [killed|injured] {N2} [people|fighters], [according to|said] [local media|a monitor].",
    ],
    "Suicide bomb": [
        "A [suicide bomber|suicide attacker] [killed|wounded] {N} [people|soldiers|worshippers] in {P} {DW}, [officials|police] said, [in an attack claimed by|blaming] {NSA}.",
        "[The attacker|A bomber] [detonated|triggered] a suicide [belt|vest] [at|near] [the entrance of a base|a market|a mosque] in {P} {DW}, [killing|wounding] {N}.",
    ],
    "Shelling/artillery/missile attack": [
        "[Artillery shells|Mortar bombs|Rockets] [fired from|launched from] [across the front line|rebel-held areas|{NSA} positions] [hit|struck] {P} {DW}, [killing|wounding] {N}.",
        "[Missiles|A missile strike] [hit|targeted] {P} {DW}, [destroying|damaging] [a warehouse|an apartment building|infrastructure] and [killing|injuring] {N2} people, [officials|the governor] said.",
    ],
    "Remote explosive/landmine/IED": [
        "[A|An] [IED|improvised explosive device|landmine] [killed|wounded] {N} [people|soldiers|civilians] [near|in] {P} {DW}, [a security source|officials] said.",
        "[A blast from|The explosion of] [a buried mine|a bomb hidden by the road] [hit|destroyed] [a minibus|an army truck|a tractor] [near|outside] {P} {DW}, [killing|injuring] {N}.",
    ],
    "Grenade": [
        "[A grenade|Two grenades] [thrown|lobbed] by [unidentified men|militants|a suspect] [exploded|landed] [near|inside] [a market|a police post|a house] in {P} {DW}, [injuring|killing] {N2}.",
        "On {DA}, [suspected militants|unknown men] [hurled|threw] a grenade at [security forces|a patrol|a shop] in {P} ({A}). {N2} people were injured.",
    ],
    "Sexual violence": [
        "[A girl|A woman|A teenager] was raped by [soldiers|fighters|armed men] in {P} {DW}, [her relatives|a community leader] said.",
        "[Fighters|Soldiers|Militiamen] [committed rapes|sexually abused women] [in|during their occupation of] {P} {DW}, [survivors told|according to] [investigators|a UN report].",
    ],
    "Attack": [
        "On {DA}, {NSA} [killed|shot] {N2} [civilians|a farmer|a trader] in {P} ({A}).",
        "[Armed men|Gunmen] [killed|shot] {N} [people|villagers] [in|near] {P} {DW} [before fleeing|and set houses on fire], [officials said|residents said].",
    ],
    "Abduction/forced disappearance": [
        "On {DA}, {NSA} [kidnapped|abducted|took hostage] {N} [people|villagers|travellers] [in|near] {P} ({A}).",
        "[Gunmen|Armed men] [abducted|kidnapped] [a teacher|a doctor|{N} students|a village head] [in|from] {P} {DW}; [their whereabouts are unknown|a ransom has been demanded].",
    ],
    "Peaceful protest": [
        "[Residents|Women|Students] [protested|demonstrated] [peacefully|] in {P} {DW} [against|over] {ISSUE}.",
        "On {DA}, [members of|supporters of] {PROT} [staged|held] a [demonstration|protest|march] in {P} ({A}) over {ISSUE}. [The protest ended peacefully.|]",
    ],
    "Protest with intervention": [
        "[Police|Security forces] used [tear gas|batons|water cannon] [to disperse|against] [demonstrators|protesters] [protesting|gathered] [over|against] {ISSUE} in {P} {DW}.",
        "On {DA}, {PROT} [demonstrated|protested] in {P} ({A}) [over|against] {ISSUE}. Police [dispersed them|intervened] and [arrested|detained] {N2} [people|protesters].",
    ],
    "Excessive force against protesters": [
        "[Police|Soldiers] [shot dead|killed] {N2} [protesters|demonstrators] in {P} {DW} [during|at] a [protest|demonstration] [over|against] {ISSUE}.",
        "On {DA}, {POL} [opened fire on|fired live rounds at] [demonstrators|protesters] in {P} ({A}), killing {N2} [people|protesters].",
    ],
    "Violent demonstration": [
        "[Demonstrators|Protesters] [burned tyres|set fire to cars|threw rocks] and [clashed with|attacked] [police|security forces] in {P} {DW} [over|against] {ISSUE}.",
        "On {DA}, [protesters|demonstrators] [vandalised|set fire to|attacked] [a police station|government offices|shops] in {P} ({A}) during a protest over {ISSUE}.",
    ],
    "Mob violence": [
        "[A mob|An angry crowd|A group of residents] [beat|killed|burned] [a man|a suspect|two men] [accused of|suspected of] [theft|murder|witchcraft] in {P} {DW}.",
        "On {DA}, [members of two communities|rival groups of youths|villagers] [clashed|fought] [with sticks and machetes|using clubs] in {P} ({A}) over [land|cattle|a dispute]. {N2} people were injured.",
        "[Residents|Villagers|A crowd] [attacked|set upon] [a police station|a health clinic|the home of a suspect] in {P} {DW} [after|over] [a rumour|an accusation], [injuring|killing] {N2}.",
    ],
    "Agreement": [
        "[The government|{GOV}] and {NSA} [agreed|reached an agreement] {DW} [on a ceasefire|to exchange prisoners|on a peace deal] [for|in] {A}, [mediators said|the statement said].",
        "[A deal|An agreement|A truce] [was reached|was signed] [between|by] {NSA} and {NSA2} in {P} {DW}, [ending clashes|to stop fighting|to share control of the market].",
    ],
    "Arrests": [
        "[Police|Security forces] [arrested|detained] {N} [people|suspects|activists] [in|near] {P} {DW}, [officials|police] said.",
        "{POL} [arrested|apprehended|detained] [a suspected militant|a commander of {NSA}|{N2} suspects] in {P} {DW}, [a spokesperson said|according to a statement].",
    ],
    "Change to group/activity": [
        "{NSA} [has a new leader|named a new leader|appointed a new chief] [after|following] [the death|the killing|the arrest] of its [commander|founder], [the group said|according to a statement] {DW}.",
        "[Several|Three|Two] armed groups [merged|joined forces|united] [to form|into] [a new coalition|a single movement|a new front] {DW}, [their leaders said|a statement said].",
        "{NSA} [announced|said] {DW} that it [was ending|would end|had suspended] [its armed struggle|its alliance with {NSA2}|attacks on civilians], [a spokesman said|in a statement].",
        "[A new armed group|A new militia|A self-defence group] [was formed|was created|emerged] in {P} {DW}, [its leaders said|residents said].",
    ],
    "Disrupted weapons use": [
        "[An explosive device|A bomb|A mine] [planted|hidden] [near|in] {P} was [found|discovered] and [defused|disarmed|safely destroyed] by [soldiers|police|sappers] {DW}.",
        "[Drones|Missiles|Rockets] [launched|fired] [towards|at] {P} {DW} were [intercepted|shot down|destroyed] [by air defences|before reaching their targets], [officials said|the army said].",
        "[Soldiers|Police] [seized|confiscated] [weapons|explosives|ammunition and rifles] [from|belonging to] {NSA} [in|near] {P} {DW}.",
    ],
    "Headquarters or base established": [
        "{NSA} [has established|set up|built] a [base|camp|command post] [in|near] {P}, [residents|a security source] said {DW}.",
        "[Troops|Soldiers|{MIL}] [set up|established|built] a [new base|military camp|forward base] in {P} {DW}, [officials|the army] said.",
        "[A headquarters|A base|A camp] [of|belonging to] {NSA} [was established|has been set up|opened] in {P} {DW}.",
    ],
    "Looting/property destruction": [
        "[Armed men|Fighters|Soldiers] [looted|pillaged|ransacked] [homes|shops|the market] in {P} {DW}, [residents|local officials] said.",
        "{NSA} [burned|destroyed|set fire to] [houses|a school|a health centre|crops] in {P} {DW}. [No casualties were reported.|The village had been deserted.]",
        "On {DA}, [armed men|fighters|soldiers] [looted|destroyed|vandalised] [property|homes|shops] in {P} ({A}).",
    ],
    "Non-violent transfer of territory": [
        "{NSA} [withdrew from|left] {P} {DW} and [handed it over|handed control] to {MIL} [without fighting|peacefully], [officials|residents] said.",
        "{MIL} [handed over|transferred] {P} to {NSA} {DW} [under a deal|after negotiations], [without any clashes|without a shot being fired].",
        "[Control of|The town of] {P} [changed hands|was transferred] {DW} [without violence|peacefully] [after|when] {NSA} [withdrew|pulled out] [under an agreement|as part of a deal].",
    ],
    "Other": [
        "[Authorities|The governor|{GOV}] [imposed|declared|ordered] a [curfew|state of emergency|lockdown] in {P} {DW} [amid|after] [unrest|insecurity|attacks].",
        "{NSA} [set up|erected|established] [checkpoints|roadblocks] [around|on roads leading to] {P} {DW}, [stopping|searching] [vehicles|travellers].",
        "[Thousands of|Hundreds of|Many] [residents|families|villagers] [fled|left|were displaced from] {P} {DW} [amid|fearing] [fighting|attacks|an offensive], [aid agencies|officials] said.",
        "[The authorities|{GOV}] [cut|shut down|blocked] [internet|mobile phone|telephone] [services|access|networks] in {P} {DW}.",
        "{NSA} [ordered|forced|told] [residents|villagers|traders] in {P} to [leave|pay a levy|close their shops] {DW}, [residents said|according to locals].",
        "[Armed men|{NSA}|Fighters] [paraded|displayed|showed off] [weapons|fighters|vehicles] in {P} {DW} [in a show of force|at a rally], [videos showed|witnesses said].",
    ],
    "NONE": [
        "[Protesters|Fans|Supporters] of [the home team|the champions] [celebrated|partied] [in the streets|all night] in {P} {DW} after [a cup win|the final whistle].",
        "[The minister|The governor|The president] [met|spoke with|visited] [traders|farmers|community leaders] in {P} {DW} to discuss [prices|the harvest|development projects].",
        "[A storm|Floods|A mudslide|A fire] [destroyed|damaged] [homes|crops|roads] in {P} {DW}, [the disaster agency|officials] said, [killing {N2}|with no casualties].",
        "[The national airline|A mining company|A bank] [announced|reported] [record profits|job cuts|new flights] {DW}, [shares rose|unions protested the decision in a statement].",
        "[The army|Police] [held|organised] [a parade|a graduation ceremony|a sports day] in {P} {DW} to mark [independence day|their anniversary].",
    ],
}
