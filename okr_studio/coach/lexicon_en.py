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
    acquire add adjust adopt agree align analyse analyze announce apply approve archive
    assess attend audit automate backfill begin benchmark book brief build buy calculate
    call certify check clarify clean close collect commission communicate complete
    conduct configure consolidate contact contract create decide decommission define
    delete deliver deploy design determine develop digitise digitize discuss document
    draft educate email enroll establish estimate evaluate execute explore extend file
    fill finalise finalize finish fix formalise formalize formulate gather generate
    harmonise harmonize hire hold host identify implement initiate insource inspect
    install integrate interview introduce investigate invite kick launch localise
    localize map measure meet merge migrate modernise modernize monitor move negotiate
    onboard open organise organize outline outsource overhaul perform pilot plan
    post prepare present prioritise prioritize procure produce professionalise
    professionalize program prototype provide publish purchase rebuild record recruit
    redesign refactor refresh register relaunch release remove renew reorganise
    reorganize repair replace replatform research resolve restructure retire review
    revamp revise rewrite roll run schedule scope secure select send set share ship shortlist
    sign source specify standardise standardize start streamline submit sunset support
    survey test track train transfer transition translate update upgrade validate verify
    visit write
    """
)

#: Verbs that name a change or a result; a title led by one reads as an outcome.
OUTCOME_VERBS: frozenset[str] = _words(
    """
    accelerate achieve attain attract avoid be become boost convert cut decrease delight
    dominate double drive earn eliminate empower ensure exceed excite expand gain get grow
    halve help hit improve increase inspire keep lead lift love lower maintain make
    maximise maximize minimise minimize optimise optimize outperform preserve prevent
    protect raise reach recover reduce retain save scale sell serve shorten shrink
    simplify speed stabilise stabilize stay strengthen sustain triple turn win
    """
)

#: Verbs whose object may be a measured result: "Deliver $250,000 of savings",
#: "Add 500 paying customers", "Close 20 new deals" read as outcomes.
VALUE_VERBS: frozenset[str] = _words(
    """
    acquire add book bring capture close create deliver generate land onboard produce
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
    awareness brand community confidence culture credibility leadership loyalty mindset
    momentum position presence relationship relationships reputation trust
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
    a an the our their its my your this these those that all every each both some any
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
