"""English customer phrasing for the demo conversation generator."""

GREETINGS: list[str] = [
    "Hello,",
    "Hi,",
    "Hi there,",
    "Hey,",
    "Good morning,",
    "Good afternoon,",
    "Good evening,",
    "Dear Lumio Market team,",
    "Dear Sir or Madam,",
    "Hello Lumio support,",
    "Hi team,",
    "To whom it may concern,",
    "",
]

SIGNOFFS: list[str] = [
    "Thanks,",
    "Thank you,",
    "Many thanks,",
    "Kind regards,",
    "Best regards,",
    "Regards,",
    "Best,",
    "Cheers,",
    "Thanks in advance,",
    "Looking forward to your reply,",
    "Thanks for your help,",
    "Sent from my phone, sorry for typos.",
]

REQUESTS: dict[str, list[str]] = {
    "order_status": [
        "Where is my order {order}?",
        "Hi, any update on order {order}? It still says processed.",
        "When will my {item} arrive?",
        "Can you tell me the status of my order please.",
        "I ordered a {item} {days} days ago and still haven't received a shipping email. Has it actually been sent?",
        "Order {order} - what's the estimated delivery date?",
        "Just checking whether {order} has shipped yet.",
        "I placed order {order} on Monday and the confirmation said it would be processed within a day. "
        "It's now been {days} days and the status hasn't moved at all. "
        "Could you check what's going on and give me a realistic delivery date?",
        "wheres my parcel?? ordered ages ago",
        "Could you let me know where my {item} is at the moment? I can't find a tracking number anywhere.",
        "Has my order shipped? I need to know if I should be home this week.",
        "Hello, I bought a {item} from you last week (order {order}). "
        "I got the order confirmation but nothing since then, no tracking link, nothing. "
        "I'm starting to wonder if the payment went through. Can you confirm it's on its way?",
        "Is there a way to see the tracking for my order? The email with the link never came.",
        "How long until order {order} gets to me? Shipping to Spain.",
        "My order still shows as pending, is that normal?",
        "Quick question - is {order} going to arrive before the weekend?",
        "I'd like an update on my purchase, order number {order}. Thanks",
        "Ordered a {item} for my dad, just want to know when it will be delivered so I can plan around it. "
        "The account page only says shipped with no date. "
        "We live in Leipzig if that helps.",
    ],
    "cancel_order": [
        "Please cancel order {order}.",
        "I'd like to cancel my order, I ordered the wrong thing by mistake.",
        "Can I still cancel {order}? I only placed it an hour ago.",
        "Hi, I changed my mind about the {item}, please cancel the order before it ships.",
        "cancel my order pls, found it cheaper elsewhere",
        "I accidentally ordered the same {item} twice. Could you cancel one of the two orders? The duplicate is {order}.",
        "How do I cancel an order? I can't see a cancel button anywhere.",
        "I placed order {order} this morning but I've just realised I used my old address and also picked the wrong colour. "
        "Rather than fix everything, I think it's easier to cancel the whole thing and order again. "
        "Can you cancel it before it gets processed?",
        "Is it too late to cancel my order? It says processed now.",
        "Please stop order {order}, I no longer need it.",
        "I want to cancel the {item} I ordered yesterday and get my money back.",
        "Hello, my husband already bought the same {item} in a shop, so we don't need ours anymore. "
        "The order was only placed last night and hasn't shipped yet according to the website. "
        "Please cancel it and refund the payment to my card.",
        "Could you cancel my order and confirm by email? Order {order}.",
        "I'd like to cancell my order, I paid by bank transfer but haven't sent the money yet. Do I need to do anything?",
        "Cancel {order}, thanks.",
        "Can I cancel just one item from my order instead of the whole thing?",
    ],
    "change_address": [
        "Can I change the delivery address for order {order}?",
        "I've put the wrong address on my order, I moved last month. Can you update it?",
        "Please send order {order} to my work address instead of home.",
        "Hi, I made a typo in the street name on order {order}, it should be Gedimino 12 not Gedimino 21.",
        "Is it possible to change where my {item} is being delivered? I won't be home next week.",
        "I need to update the shipping address on my last order, how do I do that?",
        "Wrong postcode on {order}, can you fix it before it ships please",
        "I just ordered a {item} and only noticed afterwards that it's going to my parents' address, which was saved from last Christmas. "
        "I need it sent to my flat in Kaunas instead. "
        "The order is {order}, can you change it before it goes out?",
        "Can the parcel be redirected to a different address? It's already been shipped I think.",
        "Please change the delivery address on my order to: Hauptstrasse 5, 04109 Leipzig.",
        "I forgot to add my apartment number to {order}, will the courier still find me or can you add it?",
        "Could you change the recipient name and address on {order}? It's a gift for my sister.",
        "we are moving house on friday, can you send my order to the new address instead",
        "Hello, I'm travelling for {days} days and won't be at the address on my order. "
        "Could you deliver to my office instead, or to a pickup point? "
        "I'd rather not have the parcel sitting outside my door.",
        "Need to change the address on {order} asap, its the old one.",
    ],
    "shipping_info": [
        "How long does delivery to France take?",
        "What are your shipping costs to Poland?",
        "Do you offer express delivery?",
        "Is shipping free if I spend over a certain amount?",
        "How much is shipping to Lithuania and how fast is it?",
        "Do you ship to Portugal? And how long does it usually take?",
        "If I order a {item} today with express, when would it arrive in Berlin?",
        "I'm planning to order a few things for my new flat in Madrid, probably around {amount} EUR in total. "
        "Would shipping be free at that amount, and roughly how many days would it take? "
        "I'd like to time it with my move.",
        "whats the delivery time to ireland",
        "Can I choose a delivery day or a time slot?",
        "How much does express shipping cost and is it available for Spain?",
        "Do you ship outside the EU, e.g. to Norway or Switzerland?",
        "Hi, my basket is at {amount} EUR, do I still have to pay for standard shipping?",
        "Hello, I live in Tallinn and I'm comparing a few shops before buying a {item}. "
        "How quickly do you usually deliver to Estonia, and which carrier do you use? "
        "Also, is there any difference in price between standard and express?",
        "Which warehouse will my stuff ship from? Just curious about delivery time to Austria.",
        "Do large items like furniture cost extra to ship?",
    ],
    "delivery_problem": [
        "My tracking for {order} hasn't updated in {days} days. Is my parcel lost?",
        "Order {order} says delivered but I never got it.",
        "The tracking link for my order doesn't work, it just says number not found.",
        "My parcel was supposed to arrive last week and it still hasn't come. What's happening?",
        "Tracking says delivered at 14:02 but I was home all day and nobody came. Order {order}.",
        "The courier left a note saying they tried to deliver, but I was in all day. How do I get my {item} now?",
        "I think my package got lost, it's been stuck in Leipzig for over a week",
        "My order {order} was marked as delivered two days ago. "
        "I've checked with my neighbours, the building reception and the mailbox, and it's not anywhere. "
        "Can you please open an investigation with the courier? I'd prefer a replacement if it's really lost.",
        "Parcel for {order} shows as returned to sender?? I never refused it.",
        "The tracking has said in transit for {days} days now with no movement at all.",
        "Delivery failed apparently because of a wrong address, but the address is correct. Can you check {order}?",
        "Hello, I ordered a {item} as a present and the tracking has shown the same status since last Tuesday. "
        "The parcel was shipped over two weeks ago. "
        "I really need to know if it's coming or if I need to buy something else.",
        "My parcel for order {order} arrived but only one of the two boxes came. Where's the other one?",
        "the delivery guy says he left it with a neighbour but none of my neighbours have it",
        "Tracking number for {order} isn't recognised on the carrier website. Did you give me the right one?",
        "Is there anything you can do? My {item} has been out for delivery for {days} days.",
    ],
    "return_request": [
        "I'd like to return my {item}.",
        "How do I return an item? It doesn't fit.",
        "Can I get a return label for order {order}?",
        "I changed my mind about the {item}, can I send it back?",
        "What's your return policy? I bought something {days} days ago and don't really like it.",
        "The jacket from {order} is too small, I want to send it back for a refund.",
        "I want to return part of my order {order}, just the {item}, the rest is fine.",
        "Hi, I bought a {item} last month and to be honest it's just not what I expected, it's much bigger than it looked in the photos. "
        "It's still in the original box and I've only taken it out once. "
        "How do I return it and do I have to pay for the return shipping from France?",
        "do i have to pay for returns? want to send back {order}",
        "Can I return opened earphones from order {order}? I tried them once and they don't fit my ears.",
        "Where do I find the return form? I've looked in my account and can't find it.",
        "I'd like to send back order {order}. Please tell me what I need to do.",
        "I received a {item} as a gift and would like to return it. I don't have an account, is that a problem?",
        "Hello, I ordered three different sizes of the same shoes to see which fits, as I usually do. "
        "I'm keeping one pair and would like to return the other two. "
        "Is that fine, and will I get a single label for both?",
        "How many days do I have to return something?",
        "I lost the original packaging, can I still return my {item}? Order {order}.",
    ],
    "exchange_request": [
        "Can I exchange my {item} for a different colour?",
        "I'd like to swap the size M for a size L please, order {order}.",
        "Can I exchange the 128GB version for the 256GB one? I'm happy to pay the difference.",
        "The {item} I got is black, I wanted white. Can you swap it?",
        "Is it possible to exchange an item instead of returning it?",
        "I want to exchange part of order {order} for another size.",
        "Hi, the shoes from order {order} are half a size too small. Can I exchange them for the next size up?",
        "I ordered the {item} in grey but it looks completely different in real life, almost green. "
        "I'd like to exchange it for the black one if you still have it in stock. "
        "What do I need to do, and do I have to pay postage again?",
        "exchange for bigger size possible? order {order}",
        "If the other colour is cheaper, will I get the difference back when I exchange?",
        "Can I exchange my {item} twice? The first exchange also didn't fit.",
        "I'd like to exchange my {item} for the larger capacity model, how does that work?",
        "Hello, I bought a {item} for my daughter and she'd prefer the blue one. "
        "It's unused and still in the box, we got it {days} days ago. "
        "Could we exchange it rather than return it and reorder?",
        "Can you send the new size before I send the old one back? It's for {order}.",
        "Id like to change the colour of the item I received, order {order}.",
    ],
    "damaged_item": [
        "My {item} arrived broken. Order {order}.",
        "The parcel came damaged and the {item} inside is cracked.",
        "You sent me the wrong item. I ordered a {item} and got something completely different.",
        "There are parts missing from my order {order}, the charger isn't in the box.",
        "The screen of my {item} was smashed when I opened the box. I have photos.",
        "Order {order} arrived today and the box was crushed. "
        "The {item} inside has a big dent on the side and one of the legs is bent, so it doesn't stand properly. "
        "I've taken photos of the box and the item. What's the next step?",
        "received wrong colour, ordered red got blue. {order}",
        "The glass lid was shattered on arrival, there's glass everywhere in the box.",
        "My {item} came without the instructions and the screws needed to assemble it.",
        "Hello, I received order {order} yesterday. "
        "Instead of the {item} I ordered, the box contained a completely different product with someone else's name on the packing slip. "
        "Please send the correct item and tell me what to do with this one.",
        "Only half of the set arrived, 2 of the 4 glasses are missing from order {order}.",
        "The item I got looks used, there are scratches all over it and the seal was already broken.",
        "Do I have to send back the damaged {item}? It's only worth about {amount} EUR.",
        "Hi, the {item} doesn't turn on straight out of the box. Brand new and dead on arrival.",
        "Wrong size sent. I ordered a 42, the box says 44. Order {order}.",
        "My blender arrived with a cracked jug, it leaks as soon as I put water in.",
    ],
    "refund_status": [
        "Where is my refund?",
        "I returned my {item} (order {order}) {days} days ago and still haven't got my money back.",
        "When will I receive the refund for order {order}?",
        "How long do refunds take to show up on my card?",
        "You confirmed my return was received but the money isn't in my account yet.",
        "I sent back order {order} over two weeks ago. "
        "The tracking shows your warehouse signed for it on the 3rd, but I haven't had any email about a refund since. "
        "Can you tell me when the {amount} EUR will be paid back?",
        "refund for {order} still not here",
        "I was expecting {amount} EUR back but only got part of it. Why was money deducted?",
        "Has my refund been processed yet? Order {order}.",
        "Order {order} was cancelled but I still see the payment on my card. When does the money come back?",
        "I paid with PayPal, will the refund go back to PayPal or to my bank?",
        "Can you send me proof that the refund was issued? My bank says they haven't received anything.",
        "Hello, my parcel was confirmed lost last week and I chose a refund instead of a replacement. "
        "Your colleague said it would be processed, but nothing has arrived so far. "
        "Could you check the status and tell me how many more days I should expect to wait?",
        "Is the shipping cost also refunded or only the {item}? I sent back the whole of {order}.",
        "Still waiting for my refund of {amount} EUR, its been almost a month now.",
        "Could I get the refund as store credit instead? It might be faster.",
    ],
    "warranty_claim": [
        "My {item} stopped working after a few months. Is it still under warranty?",
        "The {item} I bought last year won't charge anymore. Can you repair or replace it?",
        "How do I make a warranty claim?",
        "The battery on my {item} barely lasts an hour now, it used to last all day. It's only 8 months old.",
        "I bought a {item} from you in spring and since last week it makes a loud grinding noise whenever I switch it on. "
        "I've cleaned it and followed the troubleshooting in the manual but nothing helped. "
        "It's clearly a defect, what are my options under the guarantee?",
        "My headphones broke on one side after 10 months, is that covered? Order was {order}.",
        "Do I need the original receipt for a warranty repair? I don't have it anymore.",
        "The hinge of my {item} cracked by itself. Order {order}, bought about a year ago.",
        "coffee machine leaking water from the bottom, bought it from you last year. warranty?",
        "What's the warranty period on electronics you sell?",
        "Hi, the {item} from order {order} has developed a fault, the display flickers and then goes black. "
        "It's just over a year old and I've always treated it carefully. "
        "Should I send it to you or to the manufacturer?",
        "Is the warranty handled by you or by the manufacturer?",
        "My kettle stopped heating after {days} months of normal use. I want a replacement please.",
        "Can I get my money back instead of a repair? This is the second time the {item} has broken.",
        "The zip on my backpack broke after 3 months, thats not normal wear and tear.",
    ],
    "password_reset": [
        "I can't log in to my account.",
        "I forgot my password and the reset email never arrives.",
        "The password reset link says it has expired.",
        "My account is locked after too many attempts, what do I do?",
        "I changed phones and now I can't get the two-factor code anymore.",
        "cant sign in, says wrong password but im sure its right",
        "The reset link doesn't work, I clicked it straight away and it says invalid.",
        "I've been trying to sign in since this morning to check on order {order}. "
        "First it said my password was wrong, then it told me the account was locked. "
        "I requested a reset link but it hasn't come, not even in spam. Please help.",
        "How do I reset my password?",
        "I don't remember which email address I used to register. Can you help me get into my account?",
        "Two-factor authentication keeps rejecting my code, I've checked the time on my phone.",
        "Hi, I lost my phone with the authenticator app on it. "
        "I have no way of getting a code now and I'm locked out of my account. "
        "How can I prove it's me and switch off two-factor?",
        "Locked out again. How long until I can try again?",
        "I never get the password reset e-mail, is there a problem with your system?",
        "The login page just keeps reloading when I enter my details.",
    ],
    "account_update": [
        "How do I change the email address on my account?",
        "I'd like to update my name on my account, I recently got married.",
        "Please delete my account.",
        "Can I change my email to a new one? The old address doesn't exist anymore.",
        "How can I close my Lumio account completely?",
        "My surname is spelled wrong on my account, can you correct it?",
        "I want to update my phone number and default address in my profile.",
        "Hi, I've had an account with you for a few years but I'm moving away from my old email provider. "
        "I want to switch the login email to my new address without losing my order history. "
        "Where do I do that?",
        "delete account please, dont use it anymore",
        "Can I merge two accounts? I accidentally made a second one with my work email.",
        "How do I unsubscribe from the newsletter but keep my account?",
        "Please remove my account and all saved cards from your website.",
        "Hello, I'd like to close my account. "
        "Before I do, will I still be able to get copies of my old invoices? "
        "I need them for a warranty claim later maybe.",
        "Where can I change my account settings? I can't find the option to edit my name.",
        "I want to change the language of the emails you send me from German to English.",
    ],
    "payment_issue": [
        "My card was declined but I have enough money on it.",
        "I've been charged twice for order {order}.",
        "Can I pay by bank transfer?",
        "Why can't I choose Klarna at checkout?",
        "Payment failed at checkout, is my order still valid?",
        "I see two charges of {amount} EUR on my card statement but I only placed one order.",
        "Do you accept PayPal?",
        "I tried to pay for my {item} three times and each time I get an error after entering my card details. "
        "My bank says there's no problem on their side. "
        "Is something wrong with your payment system, or is there another way I can pay?",
        "paid by transfer 3 days ago, order still pending?",
        "Is Apple Pay available? I don't see it on my laptop.",
        "Money has left my account but the order says payment failed. Where did my {amount} EUR go?",
        "How long do I have to pay by bank transfer before the order is cancelled?",
        "Hi, I live in Austria and wanted to use Klarna to pay later for a {item}. "
        "The option just doesn't show up at checkout. "
        "Is it not available in my country, or is it a problem with my account?",
        "What's the IBAN for the bank transfer? I can't find it in the confirmation email.",
        "Can I change the payment method on order {order}? I want to use my other card.",
        "Your site charged me in the wrong amount, it should have been {amount} EUR.",
    ],
    "invoice_request": [
        "Can I get an invoice for order {order}?",
        "I need an invoice with my company's VAT ID on it.",
        "Where can I download my invoice?",
        "Please send me a copy of the invoice for my {item}.",
        "The invoice has the wrong company name, can you issue a corrected one?",
        "I bought a {item} for my business and forgot to add our VAT number before ordering. "
        "Our accountant needs a proper invoice with the VAT ID for reverse charge. "
        "Is it possible to add it now and send a new invoice for order {order}?",
        "invoice please for {order}",
        "I didn't receive an invoice with my order, only a packing slip.",
        "Could you put the invoice in my company's name instead of mine?",
        "Hello, I need invoices for all my orders from last year for my tax return. "
        "Is there a way to download them all at once, or do I have to open each order separately?",
        "The address on my invoice is my old one, please correct it.",
        "Can I get an invoice without VAT? We are a company in Poland.",
        "Do you issue invoices in English? The one I got is in Lithuanian.",
        "My employer is reimbursing the {item} and needs an itemised invoice with VAT shown separately.",
        "Hi, the invoice for {order} shows {amount} EUR but I paid less because of a discount, can you fix it?",
    ],
    "promo_code": [
        "My promo code isn't working.",
        "Can I use two discount codes on one order?",
        "The code from your newsletter says invalid at checkout.",
        "I forgot to enter my promo code, can you apply it to order {order}?",
        "How do I check the balance on my gift card?",
        "How long is a gift card valid for?",
        "code WELCOME10 not working??",
        "I got a gift card for my birthday worth {amount} EUR. "
        "Can I use it together with my credit card if the order costs more? "
        "And does it expire at some point?",
        "Can I use a gift card and a promo code at the same time?",
        "The discount wasn't applied even though the code was accepted. I paid full price for the {item}.",
        "Is there a minimum order value for the promo code? It says not applicable.",
        "Hi, I received a 15% discount code after signing up but it expired before I could use it. "
        "I was really planning to buy a {item} with it. "
        "Is there any chance you could extend it or send a new one?",
        "My gift card balance shows zero but I haven't used it yet.",
        "Does the student discount work on sale items?",
        "I have a voucher from a complaint last month, how do I use it on my next order?",
    ],
    "data_request": [
        "I'd like a copy of all the personal data you hold about me.",
        "Please erase all my personal data under GDPR.",
        "What data do you store about me?",
        "Under Article 15 GDPR I request access to my personal data.",
        "I want you to delete everything you have on me, including my order history.",
        "Who do you share my data with? I started getting spam after ordering from you.",
        "Please send me an export of my data in a machine-readable format.",
        "Hello, I'm making a formal request under the GDPR for access to the personal data Lumio Market holds about me. "
        "This includes my account details, order history, any marketing profiles and the recipients my data has been shared with. "
        "Please confirm receipt and let me know the expected timeframe.",
        "how do i get my data deleted",
        "I want to withdraw my consent for marketing and have my data removed from your mailing lists.",
        "Can you correct my personal data? Your records have my old address and date of birth wrong.",
        "Why do you still keep my invoices after I deleted my account?",
        "Hi, I noticed that you seem to track me across other websites after visiting your shop. "
        "I'd like to know what information you collect, how long you keep it, and how I can object to it. "
        "Please treat this as a data protection request.",
        "I'm requesting the erasure of my data under Art. 17 GDPR. My email is the one I'm writing from.",
        "Do you store my card details? I want them removed.",
    ],
    "complaint": [
        "I want to make a formal complaint.",
        "I'd like to speak to a manager about how I've been treated.",
        "Your customer service has been terrible and I want this escalated.",
        "The agent I spoke to yesterday was rude and hung up on me.",
        "I am writing to complain about the way my order {order} has been handled.",
        "This is a formal complaint. I have contacted you four times over the past {days} days about my {item} and every time I get a different answer. "
        "One agent promised a call back that never happened, another closed the ticket without resolving anything. "
        "I expect a team lead to review this and reply in writing.",
        "complaint about your courier, he threw my parcel over the fence",
        "Please escalate my case to someone senior. I'm not happy with the answers so far.",
        "I'm very disappointed with the service I received and I want it on record.",
        "Who do I contact to file an official complaint?",
        "Hello, I've been a loyal customer for years but the last few months have been a disaster. "
        "Late deliveries, wrong items, and nobody seems to take responsibility. "
        "I'd like a manager to look at my account and explain what's going on.",
        "Your chat bot keeps giving me the same useless answer. I want to complain about that.",
        "I was promised compensation by one of your staff and it never arrived. I want to complain.",
        "I'd like the name of the person responsible for complaints, please.",
        "Hi, I'm not satisfied with how my return was handled, order {order}. How can I escalate this?",
    ],
}

OUT_OF_SCOPE: list[str] = [
    "Hello, I'd like to apply for the warehouse job in Kaunas. Where should I send my CV?",
    "Are you hiring customer service agents who speak Spanish? I'd love to work for you.",
    "We are a manufacturer of bamboo kitchenware and would like to discuss a wholesale partnership with Lumio Market. Who is the right contact?",
    "Hi, I run a small electronics shop in Riga. Do you offer wholesale prices for resellers?",
    "Will the {item} work with my 1998 Revox B77 reel-to-reel deck via the tape monitor loop?",
    "Is the {item} compatible with a Commodore Amiga 500 with a Gotek drive?",
    "Can I connect the {item} to my ham radio transceiver's accessory port without frying anything?",
    "Does the smart plug you sell speak Zigbee 3.0 and will it pair with my self-built Home Assistant coordinator on a Raspberry Pi Zero?",
    "I'm a journalist at a tech magazine writing about European online retail. Could I interview someone from your management?",
    "Press enquiry: could you send me your company's annual revenue figures and a comment on the new EU packaging rules?",
    "Do you sell car tyres? I'm looking for winter tyres for a Skoda Octavia.",
    "Do you have any prescription glasses or contact lenses?",
    "Can I buy concert tickets through your website?",
    "Do you sell live plants or fresh flowers?",
    "CONGRATULATIONS!!! You have been selected to receive a free iPhone. Click the link to claim your prize now!!!",
    "Boost your SEO ranking today! We guarantee first page on Google in 30 days. Reply for a free audit.",
    "Dear friend, I am a banker with a confidential business proposal worth 4.5 million USD. Please reply urgently.",
    "I ordered a sofa from another furniture website and it hasn't arrived. Can you check where it is?",
    "My Amazon order {order} is late, can you help me track it?",
    "Hi, I bought a phone at a MediaMarkt store and it's broken. Can you replace it for me?",
    "Can you recommend a good electrician in Vilnius?",
    "What's the weather going to be like in Leipzig this weekend?",
    "Can I rent a camping tent from you for a week instead of buying one?",
    "I'd like to sponsor your company's football team. Do you have one?",
    "Is your company listed on the stock exchange? I'd like to invest.",
    "Hello, I'm a student writing my thesis on e-commerce logistics. Could you fill out a 20-minute survey?",
]

FOLLOW_UPS: list[str] = [
    "I wrote to you last week about {order} and it is still not sorted.",
    "Following up on my previous email, I haven't had a reply yet.",
    "This is my second message about this, please see below.",
    "I contacted you {days} days ago and nothing has happened since.",
    "Just chasing this up again, order {order}.",
    "I spoke to one of your colleagues on the chat yesterday and was told someone would get back to me. Nobody has.",
    "Sorry to bother you again, but I'm still waiting on an answer about my {item}.",
    "Any news on this? I sent the photos you asked for on Monday.",
    "Re: my earlier ticket. Still no update.",
    "I already explained everything in my last email but I'll try again.",
    "Hello again, I'm writing back about the same problem with {order}.",
    "You said it would be resolved within {days} days. That was over a week ago.",
]

ANGRY: list[str] = [
    "This is the third time I am writing.",
    "Unacceptable.",
    "Honestly, this is ridiculous.",
    "I am extremely frustrated with how this has been handled.",
    "Nobody seems to read my emails properly.",
    "I've wasted hours on this already.",
    "I'm really fed up now.",
    "Why is it so hard to get a straight answer from you?",
    "This is the worst customer service I've ever experienced.",
    "I paid good money and this is what I get?",
    "Every time I contact you I get a different story.",
    "Stop sending me automated replies and actually read what I wrote!!",
]

URGENT: list[str] = [
    "I need this before Friday, it is a birthday present.",
    "Please reply as soon as possible, this is urgent.",
    "I'm leaving on holiday in {days} days and need it before then.",
    "I need an answer today please.",
    "It's for my son's birthday this weekend, so time really matters.",
    "This is time sensitive, I need it for work on Monday.",
    "I'm moving out of this flat at the end of the week, so please hurry.",
    "URGENT - please get back to me today.",
    "The wedding is on Saturday and this was our gift, so I really need a quick answer.",
]

CHURN: list[str] = [
    "If this isn't resolved I'll close my account.",
    "I'll be shopping somewhere else from now on.",
    "Honestly, I'm thinking of cancelling my account and going to a competitor.",
    "This will be my last order with Lumio Market.",
    "I've recommended you to friends before, but not anymore.",
    "Amazon would have sorted this in five minutes. Maybe I should just go back to them.",
    "Please delete my account once this is settled, I won't be ordering again.",
    "One more problem and I'm done with you.",
    "I'm seriously considering taking my business elsewhere.",
]

HUMAN_REQUEST: list[str] = [
    "Can I please speak to a real person?",
    "I don't want a bot, I want a human.",
    "Please pass this on to an actual member of staff.",
    "Is there a phone number where I can talk to someone?",
    "Can a human agent call me back, please?",
    "I'd like someone from your team to look at this personally, not an automated reply.",
    "Get me a real agent please.",
]

LEGAL: list[str] = [
    "If this isn't fixed I will be contacting my lawyer.",
    "I'll be reporting this to the consumer protection authority.",
    "I'm going to ask my bank for a chargeback if I don't get my money back this week.",
    "The battery of the {item} got very hot while charging and started to smoke. This is a safety hazard.",
    "The charger melted and there was a burning smell. I could have had a fire in my home.",
    "I know my rights under EU consumer law and I expect you to respect them.",
    "I've already filed a dispute with PayPal about this payment.",
    "My legal insurance is looking into this case now.",
    "The power bank swelled up and the case cracked, I've unplugged it and put it outside on the balcony.",
]

POSITIVE: list[str] = [
    "You were very helpful last time.",
    "Love the product otherwise.",
    "I've always been happy with your shop so far.",
    "Thanks for the quick delivery on my previous orders.",
    "Your colleague on the chat last month was brilliant.",
    "The {item} itself is great, I use it every day.",
    "I really like shopping with you, so I hope we can sort this out.",
    "Keep up the good work!",
    "Your returns process was really easy the last time I used it.",
]

AGENT_REPLIES: dict[str, list[str]] = {
    "order_status": [
        "Thanks for getting in touch. Orders are processed within 1 business day, and as soon as your parcel ships we e-mail you a tracking link. You can also find the tracking number any time in Account › Orders.",
        "I've checked your order and it has been shipped. The tracking link was sent to your e-mail address, and the tracking number is also shown in Account › Orders. Delivery to Germany and Poland usually takes 2–4 business days.",
        "Your order is still being processed, which normally takes up to 1 business day. Once it ships you'll receive an e-mail with the tracking link, so you can follow it all the way to your door.",
    ],
    "cancel_order": [
        "As long as your order is still pending, you can cancel it free of charge yourself in Account › Orders, or we can do it for you. I've now cancelled it and the payment will be returned to your original payment method.",
        "Unfortunately your order has already been processed, so it can no longer be cancelled. Once it arrives, you can return it within 30 days by starting a return in Account › Returns.",
        "Thanks for letting us know. Your order was still pending, so I've cancelled it free of charge. You'll receive a confirmation e-mail shortly.",
    ],
    "change_address": [
        "The delivery address can only be changed while the order is still pending. Yours was pending, so I've updated the address for you – please double-check it in Account › Orders.",
        "I'm sorry, your order has already been processed, so we can no longer change the delivery address. Changes are only possible while an order is pending, but you can always return items within 30 days of delivery.",
        "Happy to help. Please reply with the full new address, including postcode and apartment number, and I'll update it as long as the order is still pending.",
    ],
    "shipping_info": [
        "Standard shipping costs €4.95 and is free for orders over €50. Delivery takes 1–3 business days to Lithuania, Latvia and Estonia, 2–4 to Germany and Poland, and 3–6 business days to France, Spain and the rest of the EU.",
        "Yes, we offer express shipping for €9.95, which takes 1–2 business days in the Baltics and Germany. Orders are processed within 1 business day before they ship.",
        "We ship to every EU country. For Spain, standard delivery takes 3–6 business days and costs €4.95, or nothing at all if your order is over €50.",
    ],
    "delivery_problem": [
        "I'm sorry your parcel hasn't arrived. If tracking hasn't updated for 5 business days, or the parcel hasn't arrived 10 business days after shipping, we open an investigation with the carrier. If it's confirmed lost, you can choose between a replacement and a full refund.",
        "Thanks for checking with your neighbours. I've opened an investigation with the carrier for your order and will update you as soon as we hear back. If the parcel is confirmed lost, we'll send a replacement or give you a full refund, whichever you prefer.",
        "Tracking can sometimes pause for a few days while a parcel is in transit. If there's still no update after 5 business days, just reply to this e-mail and we'll open an investigation with the carrier straight away.",
    ],
    "return_request": [
        "You can return items within 30 days of delivery as long as they're unused, complete and in their original packaging. Just start the return in Account › Returns and you'll get a return label there.",
        "Returns are free from Lithuania, Latvia, Estonia and Germany; for other countries €5.95 is deducted from the refund. Please start your return in Account › Returns to download the label.",
        "I'm sorry, but opened hygiene products such as earphones can't be returned. Personalised items, software or games with a broken seal, and gift cards are also excluded from returns.",
    ],
    "exchange_request": [
        "You can exchange an item within 30 days of delivery for another size, colour or capacity of the same product. If the price is the same there's no charge; any price difference is charged or refunded.",
        "Happy to help with the exchange. Please note each item can only be exchanged once, so make sure the new variant is the one you want. I've registered the exchange request on your order and you'll find the next steps in Account › Orders.",
        "Exchanges are possible for another variant of the same product within 30 days of delivery. If you'd like a completely different product instead, please return the item in Account › Returns and place a new order.",
    ],
    "damaged_item": [
        "I'm so sorry your item arrived damaged. Please send us photos via the contact form at lumio.example/help within 14 days of delivery, and we'll send a replacement or a full refund including shipping.",
        "Thank you for the photos. As the item costs less than €30, you don't need to send it back; we'll send you a replacement right away.",
        "Apologies for sending the wrong item. Please send us a photo of what you received through the contact form, and we'll arrange the correct item or a full refund including shipping, whichever you prefer.",
    ],
    "refund_status": [
        "Refunds are issued within 14 days of your returned parcel reaching our warehouse, to the original payment method. Card refunds can then take 5–10 business days to appear on your statement.",
        "I can see that your refund has been issued. Bank transfers usually take 3–5 business days to arrive, and card refunds 5–10 business days, depending on your bank.",
        "For returns from outside Lithuania, Latvia, Estonia and Germany, €5.95 is deducted from the refund for return shipping. If you'd like the refund as store credit instead, that's available immediately.",
    ],
    "warranty_claim": [
        "All products come with a 2-year legal guarantee from delivery for defects that were present at delivery. Your order number serves as proof of purchase, so you don't need the receipt.",
        "I'm sorry your item has stopped working. Under the legal guarantee we can repair or replace it, or if that isn't possible, offer a price reduction or refund. Please send us a short description and a photo or video of the fault through the contact form.",
        "Your item is still within the 2-year legal guarantee, so you can make the claim with us directly. Some manufacturers also offer their own warranty on top, which you can use as well.",
    ],
    "password_reset": [
        "You can request a new password reset link from the sign-in page. Please note the link is only valid for 60 minutes, so use it soon after it arrives – and check your spam folder too.",
        "After 5 failed sign-in attempts, accounts are locked for 30 minutes for security reasons. Please wait half an hour and then try again, or reset your password.",
        "If you've lost access to your authenticator app, we can help you disable two-factor authentication after verifying your identity. Once you're back in, you can set it up again in Account › Security.",
    ],
    "account_update": [
        "You can change your e-mail address and name yourself in Account › Settings. Your order history stays linked to your account.",
        "You can delete your account in Account › Privacy. Please note that we're required by tax law to keep invoices for 10 years, even after the account is deleted.",
        "I've updated the name on your account as requested. You can check and edit your details any time in Account › Settings.",
    ],
    "payment_issue": [
        "An apparent double charge is usually just an authorisation hold, which your bank releases within 7 days. Only one payment has actually been taken for your order.",
        "If a card payment fails, your order stays pending for 48 hours so you can try again. We accept Visa, Mastercard, PayPal, Apple Pay, SEPA bank transfer and, in Germany only, Klarna.",
        "Yes, you can pay by SEPA bank transfer. Please note that an unpaid bank-transfer order is held for 7 days and then cancelled automatically.",
    ],
    "invoice_request": [
        "A PDF invoice is e-mailed when your order ships, and you can download it any time in Account › Orders.",
        "Business customers should add their EU VAT ID before ordering so we can apply the reverse charge. Since your invoice is less than 30 days old, we can still issue a corrected one – please send us your company name and VAT ID.",
        "I'm sorry, corrected invoices can only be issued within 30 days of the original invoice. You can still download the original PDF invoice in Account › Orders.",
    ],
    "promo_code": [
        "Only one promo code can be used per order, and codes can't be combined. Please also check that the code hasn't expired and that your basket meets its conditions.",
        "Unfortunately promo codes can't be added after an order has been placed. You're welcome to use it on your next order, though.",
        "Gift cards are valid for 3 years and can be combined with any payment method, so you can pay the rest by card or PayPal. You can also use a gift card together with a promo code.",
    ],
    "data_request": [
        "You can request access to, correction, erasure or a copy of your personal data in Account › Privacy or by e-mailing privacy@lumio.example. We answer within 30 days once your identity has been verified.",
        "Thank you for your request. We've forwarded it to our privacy team, who will verify your identity and respond within 30 days. Please note that invoices must be kept for 10 years under tax law, even if other data is erased.",
        "You can download a copy of your data or request its deletion in Account › Privacy. If you have any questions, our privacy team is reachable at privacy@lumio.example.",
    ],
    "complaint": [
        "I'm very sorry about your experience. I've passed your complaint on to a team lead, who will review it within 2 business days and get back to you.",
        "Thank you for taking the time to tell us. Your complaint has been escalated and will be reviewed by a team lead within 2 business days. As an EU customer you can also use the Online Dispute Resolution platform.",
        "I'm sorry we let you down. As a goodwill gesture I've added €10 store credit to your account, and I've forwarded your complaint to a team lead, who will be in touch within 2 business days.",
    ],
}

THANKS_REPLIES: list[str] = [
    "Thanks, that worked!",
    "Great, thank you so much.",
    "Perfect, that's all I needed.",
    "Thanks for the quick reply!",
    "Ok got it, thanks.",
    "Brilliant, thanks for sorting that out.",
    "That's really helpful, appreciate it.",
    "Thank you, have a nice day!",
]
