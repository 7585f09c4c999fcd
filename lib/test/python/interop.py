"""Writes and reads the DogSchool of the interoperability tests with the Python eventsourcing library.

    python3 interop.py write   registers three dogs with tricks; prints their ids as JSON
    python3 interop.py read    reads every dog and the notification log; prints them as JSON

The store comes from the environment, as for any Python application (PERSISTENCE_MODULE, SQLITE_DBNAME
or POSTGRES_*, CIPHER_TOPIC, CIPHER_KEY, COMPRESSOR_TOPIC). ``read`` fails (exit status 1) if an event
does not decode to the types the Python application wrote.
"""
import json
import sys
from datetime import datetime, timezone
from decimal import Decimal
from uuid import UUID, uuid5, NAMESPACE_URL

from dogschool import Collar, DogSchool

DOGS = [
    ("Fido", ["roll over", "play dead"]),
    ("Milly", ["sit"]),
    ("Rex", []),
]


def write():
    app = DogSchool()
    ids = []
    for index, (name, tricks) in enumerate(DOGS):
        dog_id = app.register_dog(
            name,
            owner_id=uuid5(NAMESPACE_URL, f"/owners/{name}"),
            fee=Decimal(f"{index + 12}.50"),
            born=datetime(2020, 1, index + 1, 10, 15, 48, 42143, tzinfo=timezone.utc),
            collar=Collar("red", index + 3),
            details={"breed": "mixed", "weights": [1.5, 2, index], "vaccinated": index % 2 == 0, "chip": None},
        )
        for trick in tricks:
            app.add_trick(dog_id, trick)
        ids.append(str(dog_id))
    app.close()
    print(json.dumps(ids))


def check(condition, message):
    if not condition:
        print(message, file=sys.stderr)
        sys.exit(1)


def read(ids):
    app = DogSchool()
    dogs = {}
    for dog_id in ids:
        dog = app.get_dog(UUID(dog_id))
        check(isinstance(dog.owner_id, UUID), f"owner_id of {dog_id} is {type(dog.owner_id)}, not a UUID")
        check(isinstance(dog.fee, Decimal), f"fee of {dog_id} is {type(dog.fee)}, not a Decimal")
        check(isinstance(dog.born, datetime) and dog.born.tzinfo is not None, f"born of {dog_id} is {dog.born!r}")
        check(isinstance(dog.collar, Collar), f"collar of {dog_id} is {type(dog.collar)}, not a Collar")
        check(dog.modified_on.tzinfo is not None, f"modified_on of {dog_id} is naive")
        dogs[dog_id] = {
            "name": dog.name,
            "tricks": dog.tricks,
            "version": dog.version,
            "owner_id": str(dog.owner_id),
            "fee": str(dog.fee),
            "born": dog.born.isoformat(),
            "collar": {"colour": dog.collar.colour, "size": dog.collar.size},
            "details": dog.details,
        }
    log = [
        {"id": n.id, "originator_id": str(n.originator_id), "version": n.originator_version, "topic": n.topic}
        for n in app.recorder.select_notifications(start=1, limit=1000)
    ]
    app.close()
    print(json.dumps({"dogs": dogs, "log": log}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["write"]:
        write()
    elif sys.argv[1:2] == ["read"]:
        read(json.loads(sys.argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
