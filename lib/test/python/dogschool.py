"""The DogSchool of the interoperability tests, written for the Python eventsourcing library 9.x.

Its topics are ``dogschool:Dog``, ``dogschool:Dog.Registered`` and ``dogschool:Dog.TrickAdded``; the
TypeScript side maps them with PYTHON_TOPIC_MODULE=dogschool. Registered events carry values of each
type the Python application transcodes by default (datetime, UUID, Decimal) and one custom type
(Collar, transcoded under the name "collar").
"""
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Transcoder, Transcoding


class Collar:
    def __init__(self, colour, size):
        self.colour = colour
        self.size = size

    def __eq__(self, other):
        return isinstance(other, Collar) and (self.colour, self.size) == (other.colour, other.size)


class CollarAsDict(Transcoding):
    type = Collar
    name = "collar"

    def encode(self, obj):
        return {"colour": obj.colour, "size": obj.size}

    def decode(self, data):
        return Collar(data["colour"], data["size"])


class Dog(Aggregate):
    @event("Registered")
    def __init__(self, name, owner_id: UUID, fee: Decimal, born: datetime, collar: Collar, details: dict):
        self.name = name
        self.owner_id = owner_id
        self.fee = fee
        self.born = born
        self.collar = collar
        self.details = details
        self.tricks = []

    @event("TrickAdded")
    def add_trick(self, trick):
        self.tricks.append(trick)


class DogSchool(Application):
    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(CollarAsDict())

    def register_dog(self, name, owner_id, fee, born, collar, details):
        dog = Dog(name, owner_id, fee, born, collar, details)
        self.save(dog)
        return dog.id

    def add_trick(self, dog_id, trick):
        dog = self.repository.get(dog_id)
        dog.add_trick(trick)
        self.save(dog)

    def get_dog(self, dog_id):
        return self.repository.get(dog_id)
