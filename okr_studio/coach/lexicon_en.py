"""English words the task-wording reader knows: verbs of work, verbs of change, and more.

Verbs are kept as lemmas ("launch"); :func:`lemma` maps an inflected form
("launched", "launching", "launches", "built") back to one, so the lists stay short.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Verbs that name work to be done, or a deliverable to produce, rather than a change.
TASK_VERBS: frozenset[str] = _words(
    """
    contribute socialise socialize triage
    accredit acquire add adjust adopt agree align allocate analyse analyze announce
    apply approve archive assess attend audit author automate backfill begin benchmark
    book brainstorm brief build buy calculate calibrate call catalog catalogue certify
    chair check circulate clarify clean close coach collate collect commission
    communicate compile complete conclude conduct configure connect consolidate
    construct contact containerise containerize contract convene copyedit create curate
    debug decide decommission define delete deliver demo deploy deprecate design
    determine develop digitise digitize discuss document dogfood draft edit educate
    email embed engineer enroll establish estimate evaluate execute exhibit explore
    extend facilitate file fill film finalise finalize finish fix formalise formalize
    formulate gather generate handover harmonise harmonize hire hold host identify
    implement initiate insource inspect install instrument integrate interview introduce
    invest investigate invite iterate kick kickstart launch lease license localise
    localize map measure mentor merge migrate mock moderate modernise modernize
    monitor move negotiate offboard onboard open organise organize outline outsource
    overhaul patch patent perform pilot pitch plan port post prepare present prioritise
    prioritize procure produce professionalise professionalize program proofread
    prototype provide provision publish purchase re-architect rearchitect rebrand
    rebuild recalibrate reconcile record recruit redesign refactor refine refresh
    register relaunch release relocate remove rename renew reorganise reorganize repair
    replace replatform reprice reprioritise reprioritize rerun research reskill resolve
    restructure retire retrain revamp review revise rewrite roll run schedule scope
    scout script secure select send set share ship shortlist showcase sign sketch source
    specify spin sponsor stand standardise standardize start streamline study submit
    summarise summarize sunset support survey teach test track trademark train transfer
    transition translate troubleshoot unify uninstall update upgrade upskill validate
    verify visit wireframe wrap write
    """
)

#: Verbs that name a change or a result; a title led by one reads as an outcome.
OUTCOME_VERBS: frozenset[str] = _words(
    """    accelerate achieve amplify attain attract avoid be become boost champion conquer
    convert crush cultivate cut decrease delight democratise democratize differentiate
    dominate double drive earn elevate eliminate empower energise energize enjoy ensure
    exceed excel excite expand feel foster fuel gain get grow halve have help hit ignite
    improve increase inspire keep know lead lift love lower maintain make master
    maximise maximize meet minimise minimize nail nurture optimise optimize outperform
    own preserve prevent protect raise reach recover reduce reimagine retain
    revolutionise revolutionize save scale sell serve shorten shrink simplify spark
    speed stabilise stabilize stay strengthen sustain thrive transform triple turn
    unleash unlock win wow
    """
)

#: Verbs whose object may be a measured result: "Deliver $250,000 of savings",
#: "Add 500 paying customers", "Close 20 new deals" read as outcomes.
VALUE_VERBS: frozenset[str] = _words(
    """
    acquire add book bring capture close create deliver generate land produce
    realise realize secure sign source support
    """
)

#: Nouns that, counted, make a result rather than a piece of work.
VALUE_NOUNS: frozenset[str] = _words(
    """
    accounts arr bookings buyers clients contracts customers deals downloads hours
    installs leads logos margin members mqls mrr opportunities orders partners
    partnerships pipeline profit purchases revenue sales savings seats signups sign-ups
    sqls subscribers subscriptions users visitors
    """
)

#: Objects that make "build" or "establish" an aspiration: "Build trust with…".
ABSTRACT_NOUNS: frozenset[str] = _words(
    """
    awareness brand community confidence culture credibility experience leadership loyalty mindset
    momentum position presence relationship relationships reputation trust
    """
)

#: Words of aspiration: "Deliver a world-class candidate experience" is an outcome.
ASPIRATION: frozenset[str] = _words(
    """
    world-class best-in-class first-class seamless frictionless delightful excellent
    exceptional outstanding great superior effortless memorable unforgettable
    industry-leading
    """
)

#: Nouns naming a piece of work, when a title starts with one: "Rollout of SSO".
ACTION_NOUNS: frozenset[str] = _words(
    """
    adoption completion construction creation definition delivery deployment design
    development evaluation execution go-live implementation installation integration
    introduction kick-off kickoff launch migration overhaul preparation publication
    redesign relaunch replacement rollout roll-out set-up setup upgrade
    """
)

#: The verb a noun of work stands for: "Rollout of SSO" → "roll".
NOUN_VERBS: dict[str, str] = {
    "completion": "complete",
    "construction": "build",
    "creation": "create",
    "definition": "define",
    "delivery": "deliver",
    "deployment": "deploy",
    "development": "develop",
    "evaluation": "evaluate",
    "execution": "execute",
    "go-live": "launch",
    "implementation": "implement",
    "installation": "install",
    "integration": "integrate",
    "introduction": "introduce",
    "kick-off": "start",
    "kickoff": "start",
    "migration": "migrate",
    "preparation": "prepare",
    "publication": "publish",
    "replacement": "replace",
    "rollout": "roll",
    "roll-out": "roll",
    "set-up": "set",
    "setup": "set",
}

#: Meetings and other countable activities: "20 intro calls with partners".
ACTIVITY_NOUNS: frozenset[str] = _words(
    """
    call calls check-in check-ins conference conferences demo demos event events
    interview interviews meeting meetings offsite offsites one-on-ones review reviews
    session sessions sync syncs talk talks training trainings visit visits webinar
    webinars workshop workshops
    """
)

#: Heads of metric names: "Test coverage", "Release lead time", "Open rate".
METRIC_NOUNS: frozenset[str] = _words(
    """
    accuracy adoption backlog coverage cost costs count duration efficiency lead
    latency level quality rate rates ratio satisfaction score scores share speed
    throughput time times uptime velocity volume
    """
)

#: Words that start an object after a verb: "Test the new checkout", "Review all…".
OBJECT_STARTS: frozenset[str] = _words(
    """
    a an the our their its my your this these those all every each both some any
    no new one two three four five six seven eight nine ten twelve twenty first second
    next existing remaining key core main at least up to more additional another
    """
)

#: Filler before the verb: "We will", "Successfully", "Let's".
FILLER: frozenset[str] = _words(
    """
    we i they you will shall should must to we'll let's lets successfully fully finally
    also and then please jointly together further continue
    """
)

#: Particles of phrasal verbs that make work: "roll out", "set up", "go live".
PARTICLES: frozenset[str] = _words("out up off live over down through")

_IRREGULAR: dict[str, str] = {
    "built": "build",
    "rebuilt": "rebuild",
    "written": "write",
    "rewritten": "rewrite",
    "wrote": "write",
    "held": "hold",
    "sent": "send",
    "begun": "begin",
    "began": "begin",
    "ran": "run",
    "run": "run",
    "set": "set",
    "done": "do",
    "made": "make",
    "met": "meet",
    "chosen": "choose",
    "kept": "keep",
    "grown": "grow",
    "won": "win",
    "cut": "cut",
    "brought": "bring",
    "bought": "buy",
    "led": "lead",
    "sold": "sell",
    "shut": "shut",
    "put": "put",
    "undertaken": "undertake",
    "taken": "take",
}


def lemma(word: str, known: frozenset[str]) -> str | None:
    """The lemma in ``known`` that ``word`` is a form of (-s, -ed, -ing), or None."""
    if word in known:
        return word
    irregular = _IRREGULAR.get(word)
    if irregular is not None:
        return irregular if irregular in known else None
    candidates: list[str] = []
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    elif word.endswith("ied") and len(word) > 4:
        candidates.append(word[:-3] + "y")
    elif word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        candidates += [stem, word[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    elif word.endswith("ies") and len(word) > 4:
        candidates.append(word[:-3] + "y")
    elif word.endswith("es") and len(word) > 4:
        candidates += [word[:-2], word[:-1]]
    elif word.endswith("s") and len(word) > 3:
        candidates.append(word[:-1])
    for c in candidates:
        if c in known:
            return c
    return None
