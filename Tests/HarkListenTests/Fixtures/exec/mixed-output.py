"""Prints mentions as JSON lines, with a few broken lines mixed in, like a real scraper would."""
import json
import sys

print(json.dumps({"id": "r-1", "text": "Brewline's new app is great", "author": "kim",
                  "url": "https://forum.example.com/t/1", "published_at": "2024-05-27T10:00:00Z",
                  "rating": 5, "tags": ["forum"]}))
print("this is not json")
print(json.dumps({"id": "r-2"}))
print("")
print(json.dumps({"id": "r-3", "title": "Kaffee", "text": "Zu teuer 😤", "language": "de"}, ensure_ascii=False))
sys.stderr.write("fetched 3 posts from forum.example.com\n")
sys.stdout.write('{"id": "r-4", "text": "no newline at the end"}')
