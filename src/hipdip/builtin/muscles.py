"""Built-in muscles: the hip, trunk and thigh muscles the catalogue's exercises work.

A plugin like any other: :func:`hipdip_register_muscles` registers every
:class:`~hipdip.Muscle` in :data:`MUSCLES`. Attachments and actions are
standard anatomy-textbook facts (e.g. Gray's Anatomy; Neumann, *Kinesiology
of the Musculoskeletal System*); no numbers are stored here.

Why gluteus medius and minimus are the two muscles hipdip trains for hip
dips: both run from the outer surface of the ilium, just below the iliac
crest, down to the greater trochanter of the femur. A hip dip (trochanteric
depression) is exactly the stretch between those two bony landmarks, so these
two muscles lie in the depression itself; more of their volume fills it out.
The bone — how far the trochanter sits from the crest — stays as it is.

>>> from hipdip.builtin.muscles import MUSCLES
>>> medius = next(m for m in MUSCLES if m.id == "gluteus_medius")
>>> medius.insertion
'lateral surface of the greater trochanter of the femur'
>>> "ilium" in medius.origin
True
>>> [m.id for m in MUSCLES if m.region == "hip"][:3]
['gluteus_medius', 'gluteus_minimus', 'gluteus_maximus']
"""

from __future__ import annotations

from collections.abc import Callable

from hipdip.hookspecs import hookimpl
from hipdip.models import Muscle

__all__ = ["MUSCLES", "hipdip_register_muscles"]

#: Every built-in muscle, in catalogue order (regions: ``hip``, ``trunk``, ``thigh``).
MUSCLES: tuple[Muscle, ...] = (
    Muscle(
        id="gluteus_medius",
        name="Gluteus medius",
        region="hip",
        actions=(
            "hip abduction",
            "hip internal rotation (anterior fibres)",
            "hip external rotation (posterior fibres)",
            "holds the pelvis level in single-leg stance",
        ),
        origin="outer surface of the ilium between the anterior and posterior gluteal lines, "
        "below the iliac crest",
        insertion="lateral surface of the greater trochanter of the femur",
    ),
    Muscle(
        id="gluteus_minimus",
        name="Gluteus minimus",
        region="hip",
        actions=(
            "hip abduction",
            "hip internal rotation",
            "holds the pelvis level in single-leg stance",
            "steadies the femoral head in the acetabulum",
        ),
        origin="outer surface of the ilium between the anterior and inferior gluteal lines",
        insertion="anterior surface of the greater trochanter of the femur",
    ),
    Muscle(
        id="gluteus_maximus",
        name="Gluteus maximus",
        region="hip",
        actions=(
            "hip extension",
            "hip external rotation",
            "hip abduction (upper fibres)",
        ),
        origin="posterior ilium behind the posterior gluteal line, dorsal sacrum and coccyx, "
        "sacrotuberous ligament",
        insertion="iliotibial tract and gluteal tuberosity of the femur",
    ),
    Muscle(
        id="tensor_fasciae_latae",
        name="Tensor fasciae latae",
        region="hip",
        actions=("hip abduction", "hip flexion", "hip internal rotation"),
        origin="anterior superior iliac spine and the front of the iliac crest",
        insertion="iliotibial tract, which attaches to the lateral condyle of the tibia",
    ),
    Muscle(
        id="iliopsoas",
        name="Iliopsoas",
        region="hip",
        actions=("hip flexion", "flexes the trunk on the thigh"),
        origin="iliac fossa (iliacus); bodies and transverse processes of T12–L5 (psoas major)",
        insertion="lesser trochanter of the femur",
    ),
    Muscle(
        id="rectus_abdominis",
        name="Rectus abdominis",
        region="trunk",
        actions=("trunk flexion", "resists lumbar extension and anterior pelvic tilt"),
        origin="pubic crest and pubic symphysis",
        insertion="xiphoid process and costal cartilages of ribs 5–7",
    ),
    Muscle(
        id="transversus_abdominis",
        name="Transversus abdominis",
        region="trunk",
        actions=("compresses the abdomen", "stiffens the trunk and lumbar spine"),
        origin="costal cartilages of ribs 7–12, thoracolumbar fascia, iliac crest and "
        "inguinal ligament",
        insertion="linea alba, pubic crest and pecten pubis (conjoint tendon)",
    ),
    Muscle(
        id="obliques",
        name="Obliques (external and internal)",
        region="trunk",
        actions=(
            "trunk rotation",
            "trunk lateral flexion",
            "resist rotation and lateral flexion",
        ),
        origin="external surfaces of ribs 5–12 (external oblique); thoracolumbar fascia, "
        "iliac crest and inguinal ligament (internal oblique)",
        insertion="linea alba, pubic tubercle and iliac crest (external oblique); "
        "ribs 10–12 and linea alba (internal oblique)",
    ),
    Muscle(
        id="erector_spinae",
        name="Erector spinae",
        region="trunk",
        actions=("spinal extension", "spinal lateral flexion", "resists trunk flexion"),
        origin="common tendon on the sacrum, iliac crest and lumbar spinous processes",
        insertion="ribs, transverse and spinous processes of the vertebrae, mastoid process",
    ),
    Muscle(
        id="quadriceps",
        name="Quadriceps femoris",
        region="thigh",
        actions=("knee extension", "hip flexion (rectus femoris)"),
        origin="anterior inferior iliac spine (rectus femoris); shaft of the femur (vasti)",
        insertion="tibial tuberosity, through the patella and patellar ligament",
    ),
    Muscle(
        id="hamstrings",
        name="Hamstrings",
        region="thigh",
        actions=("knee flexion", "hip extension"),
        origin="ischial tuberosity (short head of biceps femoris: linea aspera of the femur)",
        insertion="head of the fibula (biceps femoris); medial surface of the upper tibia "
        "(semitendinosus); medial tibial condyle (semimembranosus)",
    ),
    Muscle(
        id="adductors",
        name="Hip adductors (adductor longus, brevis and magnus)",
        region="thigh",
        actions=("hip adduction", "steady the pelvis in the frontal plane"),
        origin="body and inferior ramus of the pubis; ischial ramus and ischial tuberosity "
        "(adductor magnus)",
        insertion="linea aspera of the femur and adductor tubercle",
    ),
)


@hookimpl
def hipdip_register_muscles(register: Callable[[Muscle], None]) -> None:
    """Register every muscle in :data:`MUSCLES`."""
    for muscle in MUSCLES:
        register(muscle)
