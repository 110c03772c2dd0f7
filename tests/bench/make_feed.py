#!/usr/bin/env python3
"""Writes WWW/feed.json: a JSON Feed 1.1 of 24 posts with colour emoji, CJK
text and (every other post) a picture served from WWW by the same loopback
server: the demo's photos in round 0, and from round 1 on, 12 new PNG
pictures drawn here (a gradient whose colours depend on the round), so each
round is 24 new posts with 12 new images to download, decode and upload
(content_bench.sh --soak). Usage: make_feed.py WWW PORT [ROUND]
With BENCH_SCRIPTS=1 in the environment the posts are in six scripts
(Arabic, Hebrew, Hindi, Bengali, Thai, Urdu) with emoji instead."""
import datetime
import json
import os
import sys

from bench_images import write_png


www, port = sys.argv[1], sys.argv[2]
rnd = int(sys.argv[3]) if len(sys.argv) > 3 else 0
pictures = sorted(f for f in os.listdir(www) if f.endswith(".jpg"))
lines = [
    "Thank you to the night team on ward 4 🙏❤️ you made a long week bearable 🌙",
    "First steps after the knee op! 🦵💪 physio says stairs tomorrow 🎉",
    "The new garden is open 🌷🌻🌳 come and sit in the sun ☀️",
    "Blood donors, you are heroes 🩸🦸‍♀️ 42 units this week 👏👏",
    "ありがとうございました。看護師の皆さんに心から感謝します 🌸",
    "感谢所有医护人员的辛勤付出！祝大家健康 💐",
    "Our volunteers knitted 200 hats for the newborns 🧶👶💙",
    "Coffee cart is back in the main lobby ☕🥐 from 8 am",
    "Cake for the cleaning team today 🎂🧹 thank you for everything",
    "Family photo day on the children's ward 📸🧸🎈",
    "새로운 병동이 문을 열었습니다 🏥 감사합니다",
    "Music in the atrium this Friday 🎻🎹🎶 all welcome",
]
if os.environ.get("BENCH_SCRIPTS"):
    lines = [
        "شكرا لكل الممرضات في قسم الأطفال، كنتم رائعين معنا طوال 3 أيام 🙏❤️",
        "תודה רבה לצוות מחלקת הילדים! הייתם מדהימים איתנו 🌸",
        "बच्चों के वार्ड की सभी नर्सों को धन्यवाद। आप सबने हमारा बहुत ख्याल रखा 💐",
        "শিশু ওয়ার্ডের সব নার্সদের ধন্যবাদ। আপনারা আমাদের খুব যত্ন নিয়েছেন 🎉",
        "ขอบคุณพยาบาลทุกคนที่แผนกเด็กมากครับ ทุกคนดูแลพวกเราดีมาก 👏",
        "ہسپتال کے تمام عملے کا شکریہ۔ آپ نے ہمارا بہت خیال رکھا 🌷",
    ]
now = datetime.datetime.now(datetime.timezone.utc)
items = []
for i in range(24):
    item = {
        "id": f"bench-{rnd}-{i}",
        "url": f"https://news.example/posts/{rnd}/{i}",
        "content_text": lines[(i + rnd) % len(lines)] + (f" (round {rnd})" if rnd else ""),
        "date_published": (now - datetime.timedelta(minutes=7 * i + 1)).isoformat(),
        "authors": [{"name": f"Friend of the hospital {i}"}],
    }
    if i % 2 == 0:
        if rnd == 0:
            name = pictures[i // 2 % len(pictures)]
        else:
            name = f"round{rnd}-{i}.png"
            write_png(os.path.join(www, name), 960, 600, rnd * 100 + i)
            old = os.path.join(www, f"round{rnd - 2}-{i}.png")  # the server keeps two rounds
            if os.path.exists(old):
                os.remove(old)
        item["image"] = f"http://127.0.0.1:{port}/{name}"
    items.append(item)
feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": items}
tmp = os.path.join(www, "feed.json.tmp")
with open(tmp, "w", encoding="utf-8") as f:
    json.dump(feed, f, ensure_ascii=False)
os.replace(tmp, os.path.join(www, "feed.json"))
