"""Lithuanian customer phrasing for the demo conversation generator."""

GREETINGS: list[str] = [
    "Laba diena,",
    "Sveiki,",
    "Labas,",
    "Sveiki!",
    "Gerbiamieji,",
    "Labas vakaras,",
    "Labas rytas,",
    "Laba diena!",
    "Sveiki, Lumio Market komanda,",
    "Gerbiama klientų aptarnavimo komanda,",
    "",
]

SIGNOFFS: list[str] = [
    "Ačiū,",
    "Dėkoju,",
    "Pagarbiai,",
    "Su pagarba,",
    "Iš anksto dėkoju,",
    "Laukiu atsakymo,",
    "Geros dienos,",
    "Ačiū už pagalbą,",
    "Linkėjimai,",
    "Iš anksto ačiū!",
    "Lauksiu greito atsakymo.",
]

REQUESTS: dict[str, list[str]] = {
    "order_status": [
        "Kur mano užsakymas {order}? Vis dar nieko negavau.",
        "Norėčiau sužinoti, kada bus pristatytas užsakymas {order}.",
        "Koks mano užsakymo {order} statusas?",
        "Užsisakiau prieš {days} d., o siuntinio vis dar nėra. Kada galiu jo tikėtis?",
        "Sveiki, kada atkeliaus „{item}“? Puslapyje buvo parašyta, kad pristatymas greitas.",
        "Paskyroje užsakymo būsena vis dar „apdorotas“, nors praėjo jau kelios dienos. Ar jis jau išsiųstas?",
        "Ar mano užsakymas {order} jau išsiųstas? Negavau jokio laiško su sekimo nuoroda.",
        "Gal galite patikrinti, kur dabar yra mano siuntinys {order}?",
        "Prieš {days} d. užsisakiau „{item}“ ir iškart apmokėjau kortele. Gavau patvirtinimo laišką, bet nuo to laiko jokių žinių. "
        "Paskyroje būsena vis dar „laukiama“. Ar galite pasakyti, kas vyksta ir kada siuntinys bus išsiųstas?",
        "Užsakymas {order} turėjo atkeliauti dar šią savaitę, nes prekių reikia kelionei. "
        "Sekimo nuorodoje matau tik tiek, kad siuntinys perduotas vežėjui. "
        "Norėčiau sužinoti bent apytikslę pristatymo datą, kad galėčiau susiplanuoti.",
        "Kada planuojate išsiųsti mano užsakymą? Laukiu jau ilgokai.",
        "kur mano siuntinys {order}",
        "Kaip galiu sekti savo užsakymą? Niekur neradau sekimo numerio.",
        "Ar užsakymas {order} siunčiamas iš Kauno, ar iš Leipcigo sandėlio? Įdomu, kiek dar teks laukti.",
        "Vienu užsakymu užsisakiau kelias prekes, tarp jų ir „{item}“. Gavau laišką, kad užsakymas apdorotas, bet sekimo nuorodos dar nėra. "
        "Ar prekės keliaus kartu, ar atskirais siuntiniais? Ir kada maždaug galiu tikėtis pristatymo?",
        "Sveiki, noriu pasitikslinti užsakymo {order} būseną. Ačiū.",
        "Laukiu užskymo jau savaitę, gal galit pasakyt, kada atvažiuos?",
    ],
    "cancel_order": [
        "Norėčiau atšaukti užsakymą {order}.",
        "Prašau atšaukti mano ką tik pateiktą užsakymą – suklydau rinkdamasis prekę.",
        "Ar dar galima atšaukti užsakymą {order}? Persigalvojau.",
        "Netyčia du kartus užsakiau tą patį „{item}“. Prašau vieną užsakymą atšaukti.",
        "Vakar vakare užsakiau „{item}“, bet šį rytą radau tą pačią prekę pigiau vietinėje parduotuvėje. "
        "Užsakymo numeris {order}, paskyroje jis dar rodomas kaip laukiantis. "
        "Ar galite jį atšaukti ir grąžinti pinigus? Būčiau labai dėkinga.",
        "Atšaukite užsakymą {order}, nebereikia.",
        "Kaip atšaukti užsakymą? Paskyroje nerandu tokio mygtuko.",
        "Sveiki, noriu atsisakyti užsakymo, kurį pateikiau prieš valandą.",
        "Pateikiau užsakymą {order} ir tik dabar pastebėjau, kad pasirinkau ne tą spalvą ir ne tą kiekį. "
        "Paprasčiau būtų viską atšaukti ir užsisakyti iš naujo. Ar užsakymas dar neišsiųstas? Jei dar galima, prašau jį atšaukti.",
        "Noriu atšaukti užsakymą {order}. Ar pinigai grįš automatiškai?",
        "Užsakymas dar nepradėtas vykdyti, tad prašau jį anuliuoti.",
        "Persigalvojau dėl „{item}“, prašau atšaukti užsakymą, kol jis dar neišsiųstas.",
        "Užsisakiau dovaną sesei, bet paaiškėjo, kad ji tokią jau turi. "
        "Užsakymą pateikiau vos prieš porą valandų, todėl tikiuosi, kad jis dar neapdorotas. Gal galite jį atšaukti? Iš anksto ačiū.",
        "atšaukit užsakymą prašau, per klaidą paspaudžiau pirkti",
        "Ar galiu atšaukti tik vieną prekę iš užsakymo {order}, o kitas palikti?",
        "Užsakymą {order} noriu atšaukti – pasirinkau netinkamą pristatymo būdą, užsisakysiu iš naujo.",
    ],
    "change_address": [
        "Ar galiu pakeisti užsakymo {order} pristatymo adresą?",
        "Suklydau įvesdamas adresą – neteisingas buto numeris. Kaip jį pataisyti?",
        "Prašau pakeisti užsakymo {order} pristatymo adresą į Vytauto g. 15-3, Šiauliai.",
        "Ką tik pateikiau užsakymą {order} ir pastebėjau, kad liko senas adresas – prieš mėnesį persikrausčiau. "
        "Naujas adresas: Vytauto g. 15-3, LT-76354 Šiauliai. Prašau pakeisti, kol siuntinys neišsiųstas. Labai ačiū.",
        "Norėčiau, kad užsakymas būtų pristatytas į darbo adresą, o ne į namus.",
        "Ar galima siuntinį nukreipti į paštomatą, o ne kurjeriu į namus?",
        "Pakeiskite adresą užsakyme {order}, pašto kodas neteisingas.",
        "Kitą savaitę būsiu išvykęs į Vokietiją, todėl norėčiau, kad prekė „{item}“ būtų pristatyta ten. "
        "Užsakymas {order}, dabar nurodytas adresas Vilniuje. "
        "Ar įmanoma pakeisti adresą į Leipcigą ir ar dėl to pasikeis pristatymo kaina?",
        "Užsakymo {order} pristatymo adrese įrašiau ne tą miestą. Ar dar spėsite pataisyti?",
        "Sveiki, reikia pakeisti gavėjo adresą užsakyme, kurį pateikiau šiandien ryte.",
        "Ar adresą galiu pakeisti pats paskyroje, ar tai turite padaryti jūs?",
        "adresas blogas užsakyme {order}, gatvė ne ta. prašau pataisyti",
        "Užsakydama dovaną mamai, per klaidą palikau savo adresą. Siuntinys turėtų keliauti jai į Panevėžį, Klaipėdos g. 8. "
        "Užsakymo numeris {order}. Ar dar galite tai pakeisti, kad nereikėtų visko atšaukinėti?",
        "Ar galima pakeisti pristatymo adresą, jei užsakymas jau apdorotas?",
        "Prašau atnaujinti pristatymo adresą – pamiršau nurodyti laiptinės kodą ir buto numerį.",
    ],
    "shipping_info": [
        "Kiek kainuoja pristatymas į Latviją?",
        "Kiek laiko trunka pristatymas į Ispaniją?",
        "Nuo kokios sumos pristatymas nemokamas?",
        "Ar siunčiate į Prancūziją? Per kiek dienų atkeliauja?",
        "Ar turite skubų pristatymą? Man „{item}“ reikia kuo greičiau.",
        "Planuoju užsisakyti keletą virtuvės prekių, bendra suma būtų apie {amount} €. Gyvenu Lenkijoje, netoli Balstogės. "
        "Norėčiau sužinoti, kiek kainuos pristatymas ir per kiek darbo dienų siuntinys atkeliautų. Ar galima pasirinkti skubų siuntimą?",
        "Kiek kainuoja ekspresinis pristatymas ir per kiek laiko atvežate?",
        "Ar pristatote savaitgaliais?",
        "Jei užsakysiu šiandien, kada gausiu prekę Vilniuje?",
        "Ar pristatymas nemokamas, jei užsakymo suma {amount} €?",
        "Gyvenu Austrijoje, bet dažnai perku iš lietuviškų parduotuvių. "
        "Jūsų puslapyje neradau aiškios informacijos apie siuntimą už Baltijos šalių ribų. "
        "Kiek kainuotų standartinis pristatymas ir kiek dienų reikėtų laukti? Ačiū už informaciją.",
        "Kokiu kurjeriu siunčiate prekes?",
        "pristatymo kaina į Estiją?",
        "Ar galiu pasirinkti pristatymą į paštomatą? Ir kiek tai kainuoja?",
        "Ar skubus pristatymas galimas ir į Vokietiją?",
        "Noriu užsakyti dovaną draugui, kuris gyvena Berlyne, ir nusiųsti tiesiai jam. Jo gimtadienis po {days} d. "
        "Ar spėsite pristatyti laiku įprastu siuntimu, ar geriau rinktis skubų? Kiek skiriasi kainos?",
    ],
    "delivery_problem": [
        "Sekimo informacija neatsinaujino jau {days} d. Kas vyksta su mano siuntiniu?",
        "Sistemoje parašyta, kad užsakymas {order} pristatytas, bet aš nieko negavau.",
        "Atrodo, kad mano siuntinys {order} pasimetė. Kurjeris nieko nežino.",
        "Užsakymas {order} buvo išsiųstas prieš dvi savaites. Sekimo nuorodoje paskutinis įrašas – „siuntinys rūšiavimo centre“, "
        "ir nuo to laiko niekas nesikeičia. Skambinau vežėjui, bet jie siunčia mane pas jus. Ką dabar daryti?",
        "Siuntinys {order} pažymėtas kaip įteiktas, bet prie durų nieko nebuvo, kaimynai irgi nieko nematė.",
        "Sekimo numeris neveikia – rašo, kad tokia siunta nerasta.",
        "Kurjeris net nebuvo atvykęs, nors būsena rodo „nepavyko įteikti“. Kaip dabar atgauti siuntinį?",
        "Visą dieną laukiau „{item}“ namuose, nes sekimo sistema rodė, kad pristatymas bus šiandien. "
        "Vakare būsena pasikeitė į „pristatyta“, bet nei skambučio, nei siuntinio. "
        "Patikrinau pašto dėžutę, paklausiau kaimynų – nieko. Prašau išsiaiškinti, kur dingo mano siuntinys.",
        "Mano siuntinys {order} jau {days} d. stovi tame pačiame punkte ir niekur nejuda.",
        "Siuntinys grąžintas jums kaip neįteiktas, nors aš buvau namie. Ką daryti?",
        "Ar galite pradėti siuntinio {order} paiešką pas vežėją?",
        "siuntinys dingo. sekimas stovi vietoje jau savaitę",
        "Gavau SMS, kad siuntinys {order} laukia paštomate, bet nuvykus kodas netiko, o ekrane parašė, kad tokios siuntos nėra. "
        "Kitą dieną būsena pasikeitė į „grąžinama siuntėjui“. Nesuprantu, kas atsitiko. Ar galite išsiųsti iš naujo?",
        "Užsakymas {order} turėjo atvykti prieš savaitę, o sekimas vis dar rodo, kad siuntinys Leipcige.",
        "Kurjeris paliko siuntinį ne tuo adresu – nuotraukoje matau, kad tai ne mano durys.",
    ],
    "return_request": [
        "Norėčiau grąžinti „{item}“ (užsakymas {order}), netiko dydis.",
        "Kaip grąžinti prekę? Ar reikia atsispausdinti grąžinimo etiketę?",
        "Persigalvojau dėl pirkinio ir noriu jį grąžinti. Užsakymas {order}.",
        "Prieš savaitę gavau užsakymą {order}, jame buvo ir „{item}“. Prekė veikia gerai, bet pasirodė per didelė mūsų virtuvei. "
        "Ji nenaudota, visa pakuotė išsaugota. Kaip galiu ją grąžinti ir ar grąžinimas iš Lietuvos nemokamas?",
        "Per kiek dienų turiu grąžinti prekę?",
        "Ar galiu grąžinti prekę iš užsakymo {order}, jei jau išpakavau dėžę?",
        "Noriu grąžinti tik dalį užsakymo {order}, ne viską. Kaip tai padaryti?",
        "Kur rasti grąžinimo etiketę užsakymui {order}? Paskyroje jos nematau.",
        "Gyvenu Prancūzijoje ir užsisakiau iš jūsų porą prekių. Viena jų man visiškai nepatiko – gyvai spalva visai kitokia nei nuotraukoje. "
        "Norėčiau ją grąžinti, bet nežinau, kiek tai kainuos ir kaip ją siųsti. Gal galite paaiškinti visą procesą?",
        "Gavau dovanų „{item}“, bet tokią prekę jau turiu. Ar galiu ją grąžinti be čekio?",
        "grąžinimas – kaip? prekė nebereikalinga",
        "Sveiki, norėčiau pradėti grąžinimą užsakymui {order}.",
        "Ar grąžinimas iš Vokietijos nemokamas?",
        "Prekė iš užsakymo {order} neatitiko mano lūkesčių, todėl noriu ją grąžinti.",
        "Užsisakiau „{item}“ kaip dovaną, bet gavėjas jos nenori. Dėžutė neatidaryta, visi lipdukai vietoje. "
        "Nuo pristatymo praėjo {days} d. Ar dar galiu grąžinti ir kaip greitai gausiu etiketę?",
        "Norėčiau grąžint ausines, išbandžiau tik kartą ir jos man nepatogios.",
    ],
    "exchange_request": [
        "Ar galiu „{item}“ pasikeisti į kitos spalvos? Užsakymo Nr. {order}.",
        "Užsakyme {order} gavau M dydį, o reikia L. Ar galima pasikeisti?",
        "Noriu prekę iškeisti į didesnės talpos variantą.",
        "Užsisakiau „{item}“ juodos spalvos, bet gyvai spalva atrodo per tamsi mūsų interjerui. "
        "Ar galiu pasikeisti į baltą to paties modelio variantą? Užsakymas {order}, prekė nenaudota, originalioje pakuotėje.",
        "Ar keičiant į brangesnį variantą reikės primokėti skirtumą?",
        "Norėčiau telefono dėklą iš užsakymo {order} pasikeisti į kitos spalvos, šis man nepatinka.",
        "Ar galite 128 GB versiją iškeisti į 256 GB? Užsakymas {order}.",
        "Kaip vyksta prekės keitimas? Ar pirmiausia turiu grąžinti senąją?",
        "Nupirkau sūnui žygio batus, bet jie pasirodė per maži, nors rinkomės pagal jūsų dydžių lentelę. "
        "Norėtume tų pačių batų vienu dydžiu didesnių. Ar įmanoma pasikeisti neperkant iš naujo? Nuo pristatymo praėjo {days} d.",
        "Ar dydžio pakeitimas nemokamas?",
        "keitimas: reikia kitos spalvos, ne pilkos, o mėlynos",
        "Ar galėsiu dar kartą pasikeisti, jei ir naujas dydis netiks?",
        "Noriu iškeisti „{item}“ iš užsakymo {order} į kitą, pigesnį variantą. Ar grąžinsite kainų skirtumą?",
        "Sveiki, prieš porą savaičių pirkau 30 l kuprinę, bet žygiams ji man per maža. Matau, kad yra to paties modelio 45 l versija. "
        "Ar galiu pasikeisti ir kiek tektų primokėti? Kuprinė nenaudota, etiketės nenukirptos.",
        "Norėčiau prekę iš užsakymo {order} iškeisti į kito dydžio.",
    ],
    "damaged_item": [
        "Prekė „{item}“ atkeliavo sudaužyta.",
        "Užsakyme {order} gavau ne tą prekę, kurią užsakiau.",
        "Pakuotėje trūksta dalių – nėra maitinimo laido.",
        "Šiandien gavau užsakymą {order}. Atidarius dėžę paaiškėjo, kad „{item}“ korpusas įskilęs, o išorinė pakuotė buvo suspausta. "
        "Pridedu nuotraukas. Prašau atsiųsti naują prekę arba grąžinti pinigus.",
        "Vietoj baltos atsiuntėte juodą, užsakymas {order}. Ką daryti?",
        "Užsakymas {order}: stiklinis dangtis sudužęs, nors dėžė atrodė visiškai sveika.",
        "Užsakymo {order} siuntinyje buvo tik viena prekė iš dviejų.",
        "Užsisakiau virdulį, bet gavau visai kitą prekę – kažkokį kabelių rinkinį. Panašu, kad sandėlyje sumaišė siuntinius. "
        "Dovanos reikia jau savaitgalį, tad prašau kuo greičiau atsiųsti teisingą prekę. Ar pirmiau turiu grąžinti tą, kurią gavau?",
        "Prekė iš užsakymo {order} sugedusi iškart išpakavus – net neįsijungia.",
        "Gavau pažeistą prekę. Kaip apie tai pranešti ir ar reikia ją siųsti atgal?",
        "trūksta varžtų montavimui, komplektas nepilnas",
        "Ekranas subraižytas, atrodo kaip naudota prekė, o ne nauja.",
        "Prieš {days} d. gavau „{item}“. Išpakavęs pastebėjau, kad trūksta nuotolinio valdymo pulto ir instrukcijos, nors jie nurodyti ant dėžės. "
        "Be pulto prietaisu naudotis beveik neįmanoma. Prašau atsiųsti trūkstamas dalis.",
        "Siuntinys atėjo šlapias, prekės dėžė sugadinta, o pats prietaisas subraižytas.",
        "Atsiuntėte ne to dydžio – užsakyme {order} nurodžiau 42, gavau 40.",
    ],
    "refund_status": [
        "Kada gausiu pinigus už grąžintą prekę?",
        "Grąžinau užsakymą {order} prieš {days} d., bet pinigų vis dar nėra.",
        "Kiek laiko trunka pinigų grąžinimas į kortelę?",
        "Prieš tris savaites išsiunčiau jums „{item}“ su jūsų grąžinimo etikete. "
        "Pagal sekimą siuntinys pasiekė sandėlį, bet pinigai į sąskaitą negrįžo ir jokio laiško negavau. "
        "Suma – {amount} €. Ar galite patikrinti, kas vyksta?",
        "Gavau laišką, kad užsakymo {order} grąžinimas patvirtintas, bet banke pinigų nematau.",
        "Už užsakymą {order} grąžinote mažesnę sumą, nei mokėjau. Kodėl?",
        "Ar pinigai grąžinami į PayPal, ar į banko sąskaitą?",
        "Kur mano pinigai už atšauktą užsakymą {order}?",
        "Atšaukiau užsakymą tą pačią dieną, kai jį pateikiau, ir gavau patvirtinimą. "
        "Praėjo jau {days} d., o {amount} € vis dar nurašyti nuo mano kortelės. "
        "Bankas sako, kad iš jų pusės viskas gerai. Prašau patikrinti, ar pinigų grąžinimas tikrai atliktas.",
        "Kodėl už užsakymą {order} negrąžinote siuntimo išlaidų?",
        "pinigai dar negrįžo, užsakymas {order}",
        "Kada bus grąžinti pinigai už pamestą siuntinį {order}?",
        "Ar galite atsiųsti patvirtinimą, kad pinigai grąžinti? Bankas to prašo.",
        "Sveiki, grąžinau dvi prekes iš užsakymo {order}. Už vieną pinigai grįžo prieš savaitę, o už kitą – ne. "
        "Abi buvo tame pačiame siuntinyje. Gal kažkas praleista?",
        "Jau mėnesį laukiu pinigų grąžinimo, kiek dar galima?",
    ],
    "warranty_claim": [
        "„{item}“ nustojo veikti po pusės metų naudojimo. Ar tai garantinis atvejis?",
        "Kaip pateikti garantinę pretenziją?",
        "Prietaisas po kelių mėnesių pradėjo keistai ūžti. Ar galite jį sutaisyti pagal garantiją?",
        "Pernai rudenį pirkau iš jūsų dulkių siurblį, užsakymas {order}. Dabar jis nebeįsikrauna – lemputė mirksi, bet baterija lieka tuščia. "
        "Naudojau pagal instrukciją, niekada nenumečiau. Ar galite jį pakeisti arba sutaisyti pagal garantiją?",
        "Ar garantija galioja, jei neturiu čekio?",
        "Kiek laiko galioja garantija jūsų prekėms?",
        "Viena ausinių pusė nebegroja, pirkau prieš 8 mėnesius.",
        "Įskilo kavos aparato vandens talpa, pirkau prieš metus. Ar tai taisoma pagal garantiją?",
        "Turiu problemą su „{item}“. Po maždaug dešimties mėnesių ekranas pradėjo mirgėti, o dabar kartais visai užgęsta. "
        "Gamintojo svetainėje nieko neradau, todėl kreipiuosi į jus. Ką turiu daryti – siųsti prekę jums ar gamintojui?",
        "Kas apmoka siuntimą, kai prekė siunčiama garantiniam remontui?",
        "sugedo po 5 mėn., noriu naujo pagal garantiją",
        "Ar galiu atgauti pinigus vietoj remonto, jei prekė sugedo per garantinį laikotarpį?",
        "Gamintojas liepia kreiptis į pardavėją. Prietaisas nebeįsijungia, užsakymas {order}.",
        "Kiek trunka garantinis remontas?",
        "Sveiki, prieš septynis mėnesius pirkau elektrinį dantų šepetėlį. Neseniai jis pradėjo išsikrauti per vieną dieną, nors anksčiau laikydavo dvi savaites. "
        "Manau, kad tai baterijos defektas. Prašau informuoti, kaip pradėti garantinį procesą.",
    ],
    "password_reset": [
        "Negaliu prisijungti prie paskyros.",
        "Pamiršau slaptažodį, o atkūrimo laiškas neateina.",
        "Slaptažodžio atkūrimo nuoroda nebegalioja.",
        "Bandžiau prisijungti kelis kartus ir dabar sistema rašo, kad paskyra užblokuota. "
        "Atkūrimo laišką gavau, bet kol jį atidariau, nuoroda jau nebegaliojo. "
        "Norėčiau peržiūrėti užsakymą {order}, bet negaliu patekti į paskyrą. Ką daryti?",
        "Paskyra užrakinta po kelių bandymų. Kiek laiko reikia laukti?",
        "Pakeičiau telefoną ir nebegaliu gauti dviejų veiksnių autentifikavimo kodo.",
        "Rašo „neteisingas slaptažodis“, nors tikrai įvedu teisingą.",
        "Nepavyksta atkurti slaptažodžio – paspaudus nuorodą rodo klaidą.",
        "Neseniai įsijungiau dviejų veiksnių autentifikavimą su programėle, bet telefonas sugedo ir visi kodai dingo. "
        "Dabar visiškai negaliu prisijungti. Ar galite išjungti šią apsaugą arba kitaip patvirtinti mano tapatybę?",
        "negaliu prisijungit, slaptažodžio keitimo laiško negaunu",
        "Ar galite atsiųsti naują slaptažodžio atkūrimo nuorodą?",
        "Laiškas slaptažodžiui atkurti nukeliavo į seną el. paštą, kuriuo nebesinaudoju.",
        "Prisijungimo puslapis vis grąžina į pradžią ir neleidžia patekti į paskyrą.",
        "Sveiki, jau antrą dieną negaliu prisijungti. Slaptažodį keičiau du kartus, bet naujasis irgi neveikia. "
        "Išvaliau naršyklės atmintį, bandžiau ir per telefoną – tas pats. Gal kažkas negerai su mano paskyra?",
        "Kodėl mano paskyra užblokuota? Nieko nedariau.",
    ],
    "account_update": [
        "Kaip pakeisti el. pašto adresą paskyroje?",
        "Noriu ištrinti savo paskyrą.",
        "Ištekėjau ir pasikeičiau pavardę. Kaip ją atnaujinti paskyroje?",
        "Keičiu darbovietę, o senasis darbo el. paštas netrukus bus uždarytas. Visi jūsų laiškai ir sąskaitos keliauja ten. "
        "Norėčiau paskyroje nurodyti asmeninį el. pašto adresą, bet nustatymuose neradau, kur tai padaryti. Gal galite padėti?",
        "Mano varde yra klaida, prašau pataisyti.",
        "Prašau panaikinti mano paskyrą, nebesinaudosiu.",
        "Ar galiu sujungti dvi paskyras su skirtingais el. pašto adresais?",
        "Kaip pakeisti telefono numerį paskyroje?",
        "Norėčiau visiškai uždaryti savo Lumio Market paskyrą. Prekių nebeperku, o nuolatiniai laiškai erzina. "
        "Ar ištrynus paskyrą dings ir mano užsakymų istorija? Ir ar galiu tai padaryti pats?",
        "pakeiskit el. paštą paskyroj į naują, senas nebeveikia",
        "Kur paskyroje pakeisti vardą ir pavardę?",
        "Ar galima pakeisti paskyros el. paštą, jei turiu neužbaigtą užsakymą?",
        "Norėčiau, kad paskyra būtų mano vyro vardu, o ne mano. Ar galima tai pakeisti?",
        "Kaip atsisakyti naujienlaiškių, bet paskyrą pasilikti?",
        "Sveiki, registruodamasi per klaidą įvedžiau el. pašto adresą su rašybos klaida. Laiškai kažkaip vis tiek ateina, bet bijau, kad kada nors nebeateis. "
        "Prašau pakeisti adresą į teisingą – jei reikia, galiu patvirtinti savo tapatybę.",
    ],
    "payment_issue": [
        "Mano kortelė buvo atmesta, nors pinigų sąskaitoje yra.",
        "Už tą patį užsakymą {order} nuskaičiavote pinigus du kartus.",
        "Ar galima mokėti banko pavedimu?",
        "Ar Lietuvoje galima mokėti per Klarna?",
        "Bandžiau apmokėti užsakymą Visa kortele, bet mokėjimas nepavyko. Po kelių minučių bandžiau dar kartą, ir dabar banko programėlėje matau dvi nuskaitytas sumas po {amount} €. "
        "Užsakymas paskyroje vis dar rodomas kaip laukiantis apmokėjimo. Ar vieną sumą gausiu atgal?",
        "Mokėjimas per PayPal nepraeina – puslapis tiesiog užstringa.",
        "Sumokėjau pavedimu, bet užsakymas vis dar rodomas kaip neapmokėtas.",
        "Per kiek laiko turiu apmokėti užsakymą pavedimu?",
        "Ar galima sumokėti per Apple Pay?",
        "Sveiki, užsakymą {order} apmokėjau banko pavedimu prieš dvi dienas, paskirtyje nurodžiau užsakymo numerį. "
        "Paskyroje vis dar matau „laukiama apmokėjimo“. Bijau, kad užsakymas bus atšauktas. Gal galite patikrinti, ar gavote pinigus?",
        "kortelė neina, rašo klaida 05. ką daryt",
        "Kodėl banko išraše matau dvigubą nuskaitymą?",
        "Ar galiu pakeisti mokėjimo būdą jau pateiktam užsakymui?",
        "Mastercard mokėjimas atmestas tris kartus, o bankas sako, kad jokių apribojimų nėra.",
        "Gyvenu Vokietijoje ir norėjau mokėti per Klarna, bet mokėjimo puslapyje šios galimybės nebuvo. "
        "Draugas sakė, kad pas jus Klarna veikia. Ar tai priklauso nuo užsakymo sumos, ar nuo ko nors kito?",
    ],
    "invoice_request": [
        "Prašau atsiųsti sąskaitą faktūrą už užsakymą {order}.",
        "Reikia PVM sąskaitos faktūros įmonės vardu.",
        "Sąskaitoje neteisingas įmonės pavadinimas, prašau pataisyti.",
        "Pirkau biuro reikmenų įmonei, bet užsakydamas pamiršau įvesti įmonės PVM mokėtojo kodą. "
        "Dabar buhalterė prašo sąskaitos faktūros su visais rekvizitais. "
        "Užsakymas {order}. Ar galite išrašyti pataisytą sąskaitą su mūsų įmonės duomenimis?",
        "Kur paskyroje rasti sąskaitą faktūrą?",
        "Ar galite į sąskaitą įrašyti mūsų ES PVM mokėtojo kodą?",
        "Negavau sąskaitos faktūros el. paštu.",
        "Reikia sąskaitos kopijos už praėjusių metų pirkinį.",
        "Vykdau individualią veiklą ir pirkau nešiojamąjį kompiuterį darbui. "
        "Sąskaitoje faktūroje nurodytas tik mano vardas, o man reikia ir veiklos pažymos numerio bei adreso. "
        "Ar galima sąskaitą pataisyti? Pirkau prieš {days} d.",
        "sąskaitos faktūros reikia, užs. {order}",
        "Sąskaitoje nurodyta {amount} €, bet mokėjau mažiau, nes pritaikiau nuolaidos kodą. Prašau patikrinti.",
        "Ar galite išrašyti sąskaitą faktūrą anglų kalba?",
        "Buhalterija prašo sąskaitos PDF formatu. Kur ją gauti?",
        "Reikia, kad sąskaitoje būtų nurodytas įmonės adresas, o ne pristatymo.",
        "Mūsų įmonė registruota Latvijoje ir turi ES PVM mokėtojo kodą. Užsisakėme kelis monitorius, bet sąskaitoje priskaičiuotas PVM. "
        "Ar galima taikyti atvirkštinį apmokestinimą ir išrašyti naują sąskaitą? Užsakymo numeris {order}.",
    ],
    "promo_code": [
        "Nuolaidos kodas neveikia.",
        "Ar viename užsakyme galiu panaudoti du nuolaidos kodus?",
        "Pamiršau įvesti nuolaidos kodą. Ar galite jį pritaikyti jau pateiktam užsakymui {order}?",
        "Gavau naujienlaiškį su 15 % nuolaidos kodu ir bandžiau jį panaudoti pirkdama „{item}“. "
        "Įvedus kodą rašo, kad jis negalioja, nors terminas dar nepasibaigęs. "
        "Bandžiau ir kompiuteryje, ir telefone. Ar galite patikrinti, kas negerai?",
        "Koks likutis mano dovanų kortelėje?",
        "Iki kada galioja dovanų kortelė?",
        "Ar dovanų kortelę galima derinti su mokėjimu banko kortele?",
        "Kodas rodo „negalioja“, nors gavau jį tik vakar.",
        "Ar dovanų kortelę galima naudoti kartu su nuolaidos kodu?",
        "Močiutė padovanojo dovanų kortelę, bet ant jos nenurodyta, iki kada ji galioja ir kiek joje liko pinigų. "
        "Norėčiau nusipirkti „{item}“ už {amount} €. Ar kortelės užteks, o jei ne – ar galėsiu skirtumą primokėti kortele?",
        "nuolaidos kodas netinka, kodėl?",
        "Nuolaida nebuvo pritaikyta, nors kodą įvedžiau. Sumokėjau visą sumą – {amount} €.",
        "Ar kodas taikomas tik tam tikroms prekėms? Su šia jis neveikia.",
        "Ar mano dovanų kortelė dar galioja? Ją pirkau prieš porą metų.",
        "Ar galite atsiųsti naują nuolaidos kodą, nes senasis nebegalioja?",
        "Užsakydamas „{item}“ turėjau du kodus – vieną iš naujienlaiškio, kitą gavau už atsiliepimą. "
        "Krepšelis leido įvesti tik vieną, o antrasis tiesiog dingo. "
        "Ar tikrai negalima jų sujungti, ar čia kažkokia klaida? Jei ne, gal bent antrąjį galėčiau panaudoti kitam užsakymui?",
    ],
    "data_request": [
        "Prašau atsiųsti visų mano asmens duomenų, kuriuos saugote, kopiją.",
        "Noriu, kad pagal BDAR ištrintumėte visus mano duomenis.",
        "Kokius mano duomenis saugote ir kam juos perduodate?",
        "Remdamasis Bendrojo duomenų apsaugos reglamento 15 straipsniu, prašau pateikti visą informaciją apie mano asmens duomenis, kuriuos tvarko Lumio Market. "
        "Noriu žinoti, kokie duomenys renkami, kokiais tikslais ir kiek laiko jie saugomi. Atsakymą prašau atsiųsti šiuo el. pašto adresu.",
        "Ar galite pašalinti mano adresą ir telefono numerį iš savo sistemų?",
        "Kaip gauti savo asmens duomenų kopiją?",
        "Prašau ištaisyti neteisingus mano asmens duomenis jūsų sistemoje.",
        "Nebesinaudoju jūsų paslaugomis ir noriu, kad mano asmens duomenys būtų ištrinti. "
        "Suprantu, kad kai kuriuos dokumentus privalote saugoti pagal įstatymus, bet visa kita prašau pašalinti. "
        "Ar gausiu patvirtinimą, kai tai bus padaryta?",
        "Kiek laiko saugote pirkėjų duomenis?",
        "Ar perduodate mano duomenis reklamos įmonėms?",
        "BDAR prašymas: noriu gauti visus apie mane surinktus duomenis.",
        "ištrinkit mano duomenis, nesutinku, kad juos saugotumėt",
        "Per kiek laiko atsakote į prašymus dėl asmens duomenų?",
        "Sveiki, gavau jūsų reklaminį laišką, nors niekada nesutikau tokių gauti. "
        "Norėčiau sužinoti, iš kur turite mano el. pašto adresą ir kokius dar duomenis apie mane saugote. "
        "Taip pat prašau nebenaudoti mano duomenų rinkodarai.",
        "Ar galiu gauti savo užsakymų istoriją ir kitus duomenis kompiuteriu nuskaitomu formatu?",
    ],
    "complaint": [
        "Noriu pateikti oficialų skundą dėl jūsų aptarnavimo.",
        "Jūsų darbuotojas bendravo labai nemandagiai. Prašau perduoti mano skundą vadovui.",
        "Prašau perduoti mano klausimą vadovui, nes su klientų aptarnavimu nieko neišsprendžiu.",
        "Rašau oficialų skundą dėl to, kaip buvo tvarkomas mano užsakymas {order}. "
        "Per tris savaites gavau keturis skirtingus, vienas kitam prieštaraujančius atsakymus, o problema iki šiol neišspręsta. "
        "Tikiuosi, kad šį kartą mano klausimu pasirūpins atsakingas asmuo. Prašau raštu informuoti, kokių veiksmų imsitės.",
        "Esu labai nepatenkintas jūsų klientų aptarnavimu ir noriu pasiskųsti.",
        "Kaip pateikti skundą? Niekas neatsako į mano laiškus.",
        "Kurjeris buvo nemandagus ir numetė siuntinį ant žemės. Noriu pasiskųsti.",
        "Pokalbių lange jūsų darbuotoja atsakinėjo šabloniškai, nesigilino į mano problemą ir galiausiai tiesiog uždarė pokalbį. "
        "Niekada nesu patyrusi tokio požiūrio į klientą. Noriu, kad šis atvejis būtų išnagrinėtas, ir laukiu vadovo atsakymo.",
        "Prašau perduoti skundą komandos vadovui.",
        "Noriu pasiskųsti, kad jau {days} d. niekas nereaguoja į mano užklausas.",
        "skundas. aptarnavimas siaubingas, noriu kalbėti su vadovu",
        "Kur galiu pateikti oficialią pretenziją dėl jūsų paslaugų kokybės?",
        "Esu nepatenkinta tuo, kaip buvo išspręstas mano klausimas. Prašau jį dar kartą peržiūrėti aukštesniu lygiu.",
        "Esu ilgametis jūsų klientas, tačiau pastaruoju metu aptarnavimo kokybė smarkiai nukrito. "
        "Laiškai lieka neatsakyti, pažadai neištesimi, o paklausus atsakoma šabloniškai. "
        "Prašau šį laišką laikyti oficialiu skundu ir perduoti jį vadovybei.",
        "Noriu pateikti skundą dėl darbuotojo, kuris mane suklaidino dėl grąžinimo sąlygų.",
    ],
}

OUT_OF_SCOPE: list[str] = [
    "Sveiki, norėčiau dirbti jūsų sandėlyje Kaune. Kur galiu atsiųsti savo CV?",
    "Ar ieškote IT specialistų? Pridedu savo gyvenimo aprašymą.",
    "Ar galima pas jus atlikti praktiką? Studijuoju logistiką universitete.",
    "Esame baldų gamintojai iš Lenkijos ir norėtume tapti jūsų tiekėjais. Su kuo galėtume aptarti bendradarbiavimą?",
    "Siūlome didmeninę elektronikos prekybą palankiomis kainomis. Ar jus domintų partnerystė?",
    "Ar prekė „{item}“ suderinama su mano 1998 m. Grundig stiprintuvu per optinę jungtį?",
    "Ar jūsų belaidės ausinės veiks su mano senu Nokia 3310?",
    "Ar šis maršrutizatorius palaiko mano sodybos saulės elektrinės valdiklio Modbus protokolą?",
    "Ar prekę „{item}“ galima prijungti prie mano jachtos 24 V elektros sistemos?",
    "Esu dienraščio žurnalistė ir rengiu straipsnį apie e. prekybą Baltijos šalyse. Ar galėčiau pakalbinti jūsų vadovą?",
    "Ar prekiaujate automobilių padangomis?",
    "Ar turite vaistų nuo peršalimo?",
    "Ar parduodate gyvus augalus arba sėklas?",
    "Ar parduodate bilietus į koncertus?",
    "LAIMĖJOTE 1000 €!!! Spauskite nuorodą ir atsiimkite prizą dabar",
    "Padidinkite savo svetainės lankomumą 300 %! Susisiekite su mumis dar šiandien.",
    "Parduodu kriptovaliutą geriausiu kursu, rašykite asmeniškai.",
    "Užsisakiau prekę iš kitos internetinės parduotuvės ir vis dar jos negavau. Gal galite padėti?",
    "Kur mano siuntinys iš Amazon? Sekimo numeris nieko nerodo.",
    "Mano kaimynas pas kitą pardavėją užsakė šaldytuvą ir jam atvežė sugadintą. Ką jam daryti?",
    "Esame tinklaraštininkai ir norėtume gauti prekių nemokamai mainais už apžvalgą.",
    "Norėčiau išsinuomoti patalpas jūsų biurų pastate Vilniuje. Ar yra laisvų?",
    "Kokia jūsų įmonės metinė apyvarta? Rašau kursinį darbą.",
    "Ar galite suremontuoti mano seną skalbimo mašiną, pirktą kitoje parduotuvėje?",
]

FOLLOW_UPS: list[str] = [
    "Praėjusią savaitę rašiau dėl užsakymo {order}, bet klausimas vis dar neišspręstas.",
    "Jau rašiau jums anksčiau, bet atsakymo taip ir negavau.",
    "Tęsiu savo ankstesnį laišką dėl užsakymo {order}.",
    "Prieš {days} d. kreipiausi dėl šio klausimo ir vis dar laukiu atsakymo.",
    "Rašau dar kartą, nes po mano paskutinio laiško niekas nepasikeitė.",
    "Vakar pokalbių lange kalbėjausi su jūsų kolega, jis žadėjo susisiekti, bet taip ir nesusisiekė.",
    "Noriu priminti apie savo užklausą dėl „{item}“.",
    "Atsakėte, kad problema bus išspręsta per porą dienų, bet praėjo jau savaitė.",
    "Grįžtu prie savo ankstesnės užklausos, nes gautas atsakymas nepadėjo.",
    "Jau antrą kartą rašau dėl to paties užsakymo {order}.",
    "Gavau automatinį atsakymą, bet daugiau nieko. Ar kas nors apskritai matė mano laišką?",
    "Žadėjote atsakyti per dvi darbo dienas, bet atsakymo vis dar nėra.",
]

ANGRY: list[str] = [
    "Tai jau trečias kartas, kai rašau.",
    "Tai nepriimtina.",
    "Esu labai nusivylęs jūsų aptarnavimu.",
    "Kiek dar turiu laukti?!",
    "Niekas nieko neatsako, tarsi kalbėčiau su siena.",
    "Sumokėjau pinigus ir nieko negavau – tai tiesiog juokinga.",
    "Jūsų šabloniniai atsakymai man visiškai nepadeda.",
    "Nesuprantu, kaip galima taip elgtis su klientais.",
    "Man jau nusibodo kaskart viską aiškinti iš naujo.",
    "Tai visiškas nesusipratimas.",
    "Švaistote mano laiką.",
    "Jokios pagarbos klientui.",
]

URGENT: list[str] = [
    "Man to reikia iki penktadienio, tai gimtadienio dovana.",
    "Skubu – po {days} d. išvykstu ir siuntinio nebegalėsiu atsiimti.",
    "Prašau atsakyti kuo skubiau.",
    "Tai labai skubu, prašau nedelsti.",
    "Prekės reikia vestuvėms jau šį šeštadienį.",
    "Rytoj išvažiuoju atostogų, todėl būtinai turiu tai išspręsti šiandien.",
    "Be šio prietaiso negaliu dirbti, prašau paskubėti.",
    "Kalėdos jau po savaitės, nenoriu likti be dovanos.",
    "Labai prašau atsakyti dar šiandien.",
]

CHURN: list[str] = [
    "Jei to neišspręsite, daugiau pas jus nepirksiu.",
    "Svarstau ištrinti paskyrą ir pirkti kitur.",
    "Konkurentai pristato greičiau ir pigiau, gal verta pereiti pas juos.",
    "Tai paskutinis mano pirkinys Lumio Market parduotuvėje.",
    "Jei taip tęsis, atsisakysiu jūsų paslaugų.",
    "Rekomendavau jus draugams, bet dabar to tikrai nebedarysiu.",
    "Panaikinkite mano paskyrą, jei nesugebate padėti.",
    "Kitą kartą pirksiu kitoje parduotuvėje, ten bent atsako.",
    "Po tokios patirties nebematau prasmės likti jūsų klientu.",
]

HUMAN_REQUEST: list[str] = [
    "Noriu kalbėti su tikru žmogumi, ne su robotu.",
    "Prašau sujungti mane su gyvu konsultantu.",
    "Ar galiu gauti atsakymą iš darbuotojo, o ne automatinį?",
    "Perduokite mano laišką žmogui, automatiniai atsakymai nepadeda.",
    "Ar yra kas nors, su kuo galėčiau pasikalbėti tiesiogiai?",
    "Nenoriu bendrauti su pokalbių robotu, prašau konsultanto.",
    "Prašau, kad į šį laišką atsakytų tikras žmogus.",
]

LEGAL: list[str] = [
    "Jei negrąžinsite pinigų, kreipsiuosi į Valstybinę vartotojų teisių apsaugos tarnybą.",
    "Esu pasirengęs kreiptis į advokatą.",
    "Jei nesulauksiu atsakymo, per banką užginčysiu mokėjimą kortele.",
    "Įkraunant baterija labai įkaito ir pradėjo rūkti – tai pavojinga!",
    "Prietaisas kibirkščiavo ir pasklido degėsių kvapas, bijau, kad gali užsidegti.",
    "Apie šį atvejį pranešiu vartotojų teises ginančioms institucijoms.",
    "Mano teisininkas jau nagrinėja šią situaciją.",
    "Išorinė baterija išsipūtė ir taip įkaito, kad apdegė stalo paviršius.",
]

POSITIVE: list[str] = [
    "Praėjusį kartą labai padėjote, ačiū.",
    "Šiaip prekė puiki, labai patinka.",
    "Visada buvau patenkinta jūsų parduotuve.",
    "Pristatymas paprastai būna labai greitas, už tai ačiū.",
    "Jūsų konsultantai visada mandagūs.",
    "Perku pas jus jau kelerius metus ir iki šiol viskas buvo puiku.",
    "Ačiū už kantrybę ir greitą atsakymą.",
    "Labai vertinu jūsų pagalbą.",
    "Jus rekomenduoju visiems draugams.",
]

AGENT_REPLIES: dict[str, list[str]] = {
    "order_status": [
        "Jūsų užsakymas jau išsiųstas – sekimo nuorodą išsiuntėme el. paštu, o sekimo numerį rasite skiltyje Paskyra › Užsakymai. "
        "Į Lietuvą, Latviją ir Estiją siuntiniai paprastai keliauja 1–3 darbo dienas.",
        "Užsakymai apdorojami per 1 darbo dieną, o išsiuntus siuntinį el. paštu gausite sekimo nuorodą. "
        "Užsakymo būseną bet kada galite patikrinti skiltyje Paskyra › Užsakymai.",
        "Patikrinau užsakymą {order}: jis jau apdorotas ir netrukus bus perduotas vežėjui. "
        "Kai tik siuntinys bus išsiųstas, el. paštu gausite sekimo nuorodą.",
    ],
    "cancel_order": [
        "Užsakymą galima nemokamai atšaukti, kol jo būsena yra „laukiama“ – tai padarysite patys skiltyje Paskyra › Užsakymai arba galime atšaukti mes. "
        "Jei užsakymas jau apdorotas ar išsiųstas, atšaukti jo nebegalima, tačiau gavę prekę galėsite ją grąžinti per 30 dienų.",
        "Jūsų užsakymas {order} dar buvo „laukiama“ būsenos, todėl jį atšaukėme. "
        "Pinigai bus grąžinti tuo pačiu mokėjimo būdu; į kortelę jie paprastai grįžta per 5–10 darbo dienų.",
        "Deja, užsakymas jau išsiųstas, todėl atšaukti jo nebegalime. "
        "Gavę siuntinį, grąžinimą pradėkite skiltyje Paskyra › Grąžinimai – tam turite 30 dienų nuo pristatymo.",
    ],
    "change_address": [
        "Pristatymo adresą galima pakeisti tik tol, kol užsakymo būsena yra „laukiama“. "
        "Jūsų užsakymas dar neapdorotas, todėl adresą pakeitėme – patvirtinimą gausite el. paštu.",
        "Deja, užsakymas {order} jau apdorotas, todėl pristatymo adreso pakeisti nebegalime – tai įmanoma tik kol užsakymas yra „laukiama“ būsenos. "
        "Kai siuntinys bus išsiųstas, el. paštu gausite sekimo nuorodą.",
        "Atsiųskite naują adresą atsakydami į šį laišką, ir, jei užsakymas dar neapdorotas, jį atnaujinsime. "
        "Užsakymai apdorojami per 1 darbo dieną, tad verta paskubėti.",
    ],
    "shipping_info": [
        "Standartinis pristatymas kainuoja 4,95 €, o užsakymams virš 50 € jis nemokamas. "
        "Į Lietuvą, Latviją ir Estiją siuntiniai keliauja 1–3 darbo dienas, į Vokietiją ir Lenkiją – 2–4, į kitas ES šalis – 3–6 darbo dienas.",
        "Skubus pristatymas kainuoja 9,95 €; Baltijos šalyse ir Vokietijoje siuntinys pristatomas per 1–2 darbo dienas. "
        "Jei skubus siuntinys vėluoja, paprašius 9,95 € grąžiname parduotuvės kreditu.",
        "Siunčiame į visas ES šalis. Į Prancūziją, Ispaniją ir kitas ES šalis pristatymas užtrunka 3–6 darbo dienas, "
        "standartinis siuntimas kainuoja 4,95 € ir yra nemokamas užsakymams virš 50 €.",
    ],
    "delivery_problem": [
        "Atsiprašome už nepatogumus. Jei sekimo informacija neatsinaujino 5 darbo dienas arba siuntinys neatkeliavo per 10 darbo dienų nuo išsiuntimo, pradedame tyrimą su vežėju. "
        "Jei siuntinys bus pripažintas pamestu, galėsite rinktis naują prekę arba visų pinigų grąžinimą.",
        "Pradėjome siuntinio paiešką pas vežėją ir informuosime jus, kai tik gausime atsakymą. "
        "Jei paaiškės, kad siuntinys pamestas, išsiųsime naują arba grąžinsime visą sumą – kaip pasirinksite.",
        "Siuntinys pažymėtas kaip pristatytas, todėl pirmiausia siūlome pasiteirauti kaimynų ir patikrinti pašto dėžutę. "
        "Jei jo nerasite, parašykite mums ir pradėsime tyrimą su vežėju.",
    ],
    "return_request": [
        "Grąžinimą pradėkite skiltyje Paskyra › Grąžinimai – ten gausite grąžinimo etiketę. "
        "Prekes galima grąžinti per 30 dienų nuo pristatymo; jos turi būti nenaudotos, pilnos komplektacijos ir originalioje pakuotėje.",
        "Grąžinimas iš Lietuvos, Latvijos, Estijos ir Vokietijos nemokamas, o grąžinant iš kitų šalių iš grąžinamos sumos išskaičiuojama 5,95 €. "
        "Etiketę sugeneruosite skiltyje Paskyra › Grąžinimai.",
        "Atkreipiame dėmesį, kad atidarytų higienos prekių, pavyzdžiui, ausinių ar dantų šepetėlių, grąžinti negalima. "
        "Kitas nenaudotas prekes galite grąžinti per 30 dienų nuo pristatymo skiltyje Paskyra › Grąžinimai.",
    ],
    "exchange_request": [
        "Prekę galima iškeisti į kitą to paties produkto variantą (dydį, spalvą ar talpą) per 30 dienų nuo pristatymo. "
        "Jei kaina tokia pati, keitimas nemokamas, o kainų skirtumą primokėsite arba jį jums grąžinsime.",
        "Kiekvieną prekę galima iškeisti tik vieną kartą, todėl prieš keisdami pasitikrinkite dydžių lentelę. "
        "Parašykite, kurio varianto pageidaujate, ir paruošime keitimą.",
        "Keitimo užklausą užregistravome, užsakymo būsena pasikeis į „prašoma keitimo“. "
        "Kadangi naujasis variantas kainuoja tiek pat, nieko primokėti nereikės.",
    ],
    "damaged_item": [
        "Labai atsiprašome. Per 14 dienų nuo pristatymo atsiųskite pažeistos prekės nuotraukas per kontaktų formą lumio.example/help, "
        "ir mes išsiųsime naują prekę arba grąžinsime visą sumą kartu su pristatymo kaina.",
        "Atsiprašome, kad gavote ne tą prekę. Išsiųsime teisingą prekę arba grąžinsime pinigus kartu su pristatymo kaina; "
        "prekių, kurios kainuoja mažiau nei 30 €, siųsti atgal nereikia.",
        "Ačiū už nuotraukas – naują prekę jau išsiuntėme, sekimo nuorodą gausite el. paštu. "
        "Kadangi prekė kainuoja mažiau nei 30 €, pažeistosios grąžinti nereikia.",
    ],
    "refund_status": [
        "Pinigus grąžiname per 14 dienų nuo tada, kai grąžintas siuntinys pasiekia sandėlį, tuo pačiu mokėjimo būdu. "
        "Į kortelę jie paprastai grįžta per 5–10 darbo dienų, banko pavedimu – per 3–5 darbo dienas.",
        "Patikrinau – pinigų grąžinimą jau atlikome, tačiau bankui gali prireikti iki 10 darbo dienų, kol suma pasirodys jūsų sąskaitoje. "
        "Parduotuvės kreditas būtų įskaitytas iškart.",
        "Pradinė standartinio pristatymo kaina grąžinama tik tada, kai visas užsakymas grąžinamas per 14 dienų nuo pristatymo. "
        "Kitais atvejais grąžiname tik prekių vertę.",
    ],
    "warranty_claim": [
        "Prekėms taikoma 2 metų teisinė garantija nuo pristatymo dienos, jei defektas buvo jau pristatymo metu. "
        "Užsakymo numeris yra pirkimo įrodymas, todėl atskiro čekio nereikia.",
        "Aprašykite gedimą ir pridėkite nuotrauką per kontaktų formą lumio.example/help. "
        "Pagal garantiją prekę sutaisysime, pakeisime, sumažinsime jos kainą arba grąžinsime pinigus.",
        "Kai kurie gamintojai suteikia ir savo papildomą garantiją, tačiau 2 metų teisinė garantija galioja bet kuriuo atveju. "
        "Atsiųskite užsakymo numerį ir gedimo aprašymą – toliau pasirūpinsime mes.",
    ],
    "password_reset": [
        "Slaptažodžio atkūrimo nuoroda galioja 60 minučių, todėl užsisakykite naują ir panaudokite ją iškart. "
        "Jei laiško nematote, patikrinkite šlamšto aplanką.",
        "Po 5 nesėkmingų bandymų prisijungti paskyra užrakinama 30 minučių. "
        "Palaukite ir bandykite dar kartą arba atkurkite slaptažodį.",
        "Jei praradote prieigą prie autentifikavimo programėlės, patvirtinsime jūsų tapatybę ir padėsime atkurti prieigą. "
        "Prisijungę dviejų veiksnių autentifikavimą vėl galėsite įjungti skiltyje Paskyra › Sauga.",
    ],
    "account_update": [
        "El. pašto adresą ir vardą galite pakeisti patys skiltyje Paskyra › Nustatymai. Pakeitimai įsigalioja iš karto.",
        "Paskyrą galite ištrinti skiltyje Paskyra › Privatumas. "
        "Atkreipiame dėmesį, kad sąskaitas faktūras privalome saugoti 10 metų, nes to reikalauja mokesčių įstatymai.",
        "Pavardę atnaujinsite skiltyje Paskyra › Nustatymai. Jei kiltų sunkumų, parašykite mums ir padėsime.",
    ],
    "payment_issue": [
        "Nepavykus mokėjimui kortele, užsakymas 48 valandas lieka „laukiama“ būsenos, todėl galite bandyti apmokėti dar kartą. "
        "Jei kortelė vis atmetama, rekomenduojame pasiteirauti banko arba rinktis kitą mokėjimo būdą.",
        "Tai, kas atrodo kaip dvigubas nuskaitymas, dažniausiai yra laikinas lėšų rezervavimas, kurį bankas panaikina per 7 dienas. "
        "Iš tikrųjų nuskaičiuota tik viena suma.",
        "Priimame Visa, Mastercard, PayPal, Apple Pay ir SEPA banko pavedimus; Klarna galima naudotis tik Vokietijoje. "
        "Neapmokėtas pavedimu užsakymas laikomas 7 dienas, po to atšaukiamas.",
    ],
    "invoice_request": [
        "PDF sąskaita faktūra išsiunčiama el. paštu, kai prekės išsiunčiamos, ją taip pat rasite skiltyje Paskyra › Užsakymai. "
        "Jei laiško nematote, patikrinkite šlamšto aplanką.",
        "Verslo klientai savo ES PVM mokėtojo kodą turėtų nurodyti prieš pateikdami užsakymą – tada taikomas atvirkštinis apmokestinimas. "
        "Pataisytą sąskaitą galime išrašyti per 30 dienų nuo pradinės sąskaitos datos.",
        "Atsiųskite tikslius įmonės rekvizitus ir PVM mokėtojo kodą, ir išrašysime pataisytą sąskaitą faktūrą – tai galima per 30 dienų nuo pradinės sąskaitos. "
        "Ją gausite el. paštu.",
    ],
    "promo_code": [
        "Viename užsakyme galima panaudoti tik vieną nuolaidos kodą, kodų derinti negalima. "
        "Taip pat kodo negalima pritaikyti jau pateiktam užsakymui.",
        "Dovanų kortelės galioja 3 metus ir jas galima derinti su bet kuriuo mokėjimo būdu. "
        "Jei kortelės sumos neužtenka, likutį galite sumokėti kortele ar kitu būdu.",
        "Atsiprašome už nepatogumus. Patikrinkite, ar kodas dar galioja ir ar įvestas be tarpų; jei vis tiek neveiks, atsiųskite kodą ir jį patikrinsime.",
    ],
    "data_request": [
        "Prašymą gauti savo duomenų kopiją galite pateikti skiltyje Paskyra › Privatumas arba el. paštu privacy@lumio.example. "
        "Patvirtinę jūsų tapatybę, atsakysime per 30 dienų.",
        "Jūsų prašymą ištrinti asmens duomenis perdavėme privatumo komandai, atsakymą gausite per 30 dienų nuo tapatybės patvirtinimo. "
        "Sąskaitas faktūras pagal mokesčių įstatymus privalome saugoti 10 metų.",
        "Dėl prieigos prie duomenų, jų ištaisymo ar ištrynimo rašykite privacy@lumio.example. "
        "Į visus tokius prašymus atsakome per 30 dienų.",
    ],
    "complaint": [
        "Atsiprašome už patirtus nepatogumus. Jūsų skundą perdavėme komandos vadovui, kuris jį išnagrinės per 2 darbo dienas.",
        "Ačiū, kad apie tai pranešėte. Skundą užregistravome, komandos vadovas jį peržiūrės per 2 darbo dienas; "
        "ES klientai taip pat gali kreiptis į Elektroninę ginčų sprendimo platformą.",
        "Labai apgailestaujame dėl šios patirties. Jūsų atvejį perdavėme peržiūrėti komandos vadovui, atsakymą gausite per 2 darbo dienas.",
    ],
}

THANKS_REPLIES: list[str] = [
    "Ačiū, pavyko!",
    "Dėkoju, viskas aišku.",
    "Šaunu, ačiū už greitą atsakymą.",
    "Labai ačiū, problema išspręsta.",
    "Puiku, dabar viskas veikia.",
    "Dėkui už pagalbą, geros dienos!",
    "Ačiū, gavau. Viskas tvarkoj.",
    "Aiškiai paaiškinote, dėkoju.",
]
