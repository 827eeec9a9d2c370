"""French customer phrasing for the demo conversation generator."""

GREETINGS: list[str] = [
    "Bonjour,",
    "Bonjour à toute l'équipe,",
    "Madame, Monsieur,",
    "Bonsoir,",
    "Salut,",
    "Bonjour Lumio Market,",
    "Chère équipe du service client,",
    "Bonjour le service client,",
    "Bonjour madame, bonjour monsieur,",
    "",
]

SIGNOFFS: list[str] = [
    "Merci d'avance,",
    "Cordialement,",
    "Bien cordialement,",
    "Bien à vous,",
    "Merci pour votre aide,",
    "Dans l'attente de votre réponse, cordialement,",
    "Je vous remercie par avance,",
    "Bonne journée,",
    "Veuillez agréer, Madame, Monsieur, mes salutations distinguées.",
    "Merci,",
    "À bientôt,",
]

REQUESTS: dict[str, list[str]] = {
    "order_status": [
        "Où en est ma commande {order} ?",
        "Bonjour, je voudrais savoir quand ma commande {order} sera livrée.",
        "J'ai commandé {item} il y a {days} jours et je n'ai toujours aucune nouvelle. Elle est partie ou "
        "pas ?",
        "Statut de la commande {order} svp",
        "Ma commande est toujours indiquée « en attente » depuis {days} jours, c'est normal ?",
        "J'ai passé commande le week-end dernier (numéro {order}) pour un cadeau. Dans mon compte, le "
        "statut est passé à « traitée » mais plus rien depuis. Je n'ai reçu aucun mail avec un lien de "
        "suivi. Pourriez-vous me dire quand le colis doit partir et quand je peux espérer le recevoir ?",
        "Quand est-ce que je vais recevoir mon {item} ? Je n'ai pas de numero de suivi.",
        "Est-ce que ma commande a bien été expédiée ? Je ne trouve pas l'info dans mon espace client.",
        "Pouvez-vous me donner une date de livraison estimée pour {order} ?",
        "J'habite à Lyon et j'ai commandé {item} il y a {days} jours. Sur votre site, il est écrit 3 à 6 "
        "jours ouvrés pour la France, mais la commande n'a même pas l'air d'être expédiée. Y a-t-il un "
        "retard dans votre entrepôt ? Merci de me tenir au courant.",
        "Ma comande {order} est marquée comme expédiée mais je ne trouve nulle part le numéro de suivi. "
        "Vous pouvez me l'envoyer ?",
        "Juste pour savoir : ma commande part de quel entrepôt et elle arrive quand ?",
        "Aucune nouvelle de la commande {order} passée mardi. Merci de me dire où elle en est.",
        "Je me permets de vous écrire concernant ma commande {order}. J'ai bien reçu la confirmation de "
        "commande, mais plus rien depuis, ni mail d'expédition ni facture. Je voudrais simplement savoir si "
        "elle a été prise en compte et à quelle date je peux compter sur la livraison.",
        "Le colis arrive quand ?? ça fait {days} jours",
        "Est-il possible de connaître l'état d'avancement de ma commande de {item} ?",
    ],
    "cancel_order": [
        "Je souhaite annuler ma commande {order}, je l'ai passée par erreur.",
        "Annulez la commande {order} s'il vous plaît, je n'en ai plus besoin.",
        "J'ai commandé {item} il y a une heure mais je viens de le trouver moins cher ailleurs. Est-il "
        "encore possible d'annuler ?",
        "Comment annuler une commande ? Je ne vois pas le bouton dans mon compte.",
        "Hier soir, j'ai validé une commande ({order}) en pensant avoir choisi la bonne couleur, mais ce "
        "n'est pas le cas. Plutôt que de gérer un échange plus tard, je préfère tout annuler et repasser "
        "commande proprement. Pouvez-vous l'annuler avant que le colis quitte l'entrepôt ?",
        "J'ai passé deux fois la même commande par erreur, merci d'annuler la deuxième ({order}).",
        "Je voudrais annuler ma commande, normalement elle n'est pas encore partie.",
        "Possible d'annuler {order} ? Mon mari a déjà acheté la même chose de son côté.",
        "Merci d'annuler ma commande au plus vite et de me le confirmer par e-mail.",
        "Je me suis trompée dans les quantités : j'ai commandé cinq {item} au lieu d'un seul. La commande "
        "{order} date de ce matin et le statut indique toujours « en attente ». Je préfère l'annuler "
        "entièrement et en repasser une correcte. Merci de me confirmer que c'est bien pris en compte.",
        "Annulation de commande svp, numéro {order}.",
        "Est-ce que je peux encore annuler si la commande est déjà « traitée » ?",
        "bonjour je veux annuler ma comande d'hier, je me suis trompé d'article",
        "Suite à un imprévu financier, je dois malheureusement annuler l'achat fait avant-hier (commande "
        "{order}, montant {amount} €). Je n'ai pas encore reçu de mail d'expédition. Pouvez-vous stopper la "
        "commande et m'indiquer quand l'argent sera recrédité ?",
        "J'ai changé d'avis, je ne veux plus de {item}. Annulez tout avant l'expédition, merci.",
    ],
    "change_address": [
        "Je me suis trompé d'adresse de livraison pour la commande {order}, est-il possible de la modifier ?",
        "Pouvez-vous changer l'adresse de livraison ? Je serai chez mes parents la semaine prochaine.",
        "J'ai déménagé et l'ancienne adresse est restée dans mon compte. Merci de livrer {order} à ma "
        "nouvelle adresse : 12 rue des Lilas, 33000 Bordeaux.",
        "Je viens de passer la commande {order} et je m'aperçois que le code postal est faux (j'ai tapé "
        "69003 au lieu de 69007). Le nom de la rue est correct, mais j'ai peur que le colis se perde. "
        "Pouvez-vous corriger l'adresse avant l'expédition ? Merci beaucoup.",
        "Erreur dans le numéro de rue sur ma commande, c'est le 14 et pas le 41.",
        "Est-il possible de faire livrer ma commande à mon bureau plutôt qu'à mon domicile ?",
        "Je voudrais modifier l'adresse de livraison de {order} : il manque le numéro d'appartement et le "
        "code de la porte.",
        "Peut-on encore changer l'adresse si la commande est déjà expédiée ?",
        "Ma commande de {item} doit arriver pendant que je serai en vacances. Ce serait plus simple de la "
        "faire livrer chez ma sœur, qui habite à Nantes. Pouvez-vous modifier l'adresse de livraison et, si "
        "oui, quelles informations dois-je vous envoyer ?",
        "changement d'adresse pour la commande {order} svp, je vous donne la nouvelle en réponse",
        "J'ai mis mon ancienne adresse par erreur, comment je peux la changer sur une commande déjà passée ?",
        "Merci de remplacer l'adresse de livraison de ma dernière commande par mon adresse de facturation.",
        "Je n'arrive pas à modifier l'adresse dans l'espace client, le champ est grisé. Pouvez-vous le "
        "faire pour moi ?",
        "Petite erreur de ma part : j'ai commandé ce matin depuis la Belgique, mais l'adresse enregistrée "
        "est celle de mon ancien logement à Lille. Le colis {order} n'est sans doute pas encore parti. "
        "Pourriez-vous mettre à jour l'adresse de livraison avec celle que je vous indique ci-dessous ? Je "
        "vous remercie.",
        "L'adresse de la commande {order} est incomplete, il manque le nom de la résidence. Vous pouvez "
        "l'ajouter ?",
    ],
    "shipping_info": [
        "Combien coûte la livraison en France ?",
        "Quels sont les délais de livraison pour la Belgique ?",
        "À partir de quel montant la livraison est-elle gratuite ?",
        "Proposez-vous une livraison express vers l'Espagne ?",
        "Je compte commander {item} pour un anniversaire dans {days} jours. J'habite en Alsace. Pouvez-vous "
        "me dire combien de temps prend la livraison standard vers la France et si l'express est disponible "
        "chez moi ? Je voudrais être sûr de le recevoir à temps.",
        "Vous livrez au Luxembourg ? Et en combien de temps ?",
        "Si je commande pour {amount} €, est-ce que les frais de port sont offerts ?",
        "Combien de jours faut-il compter pour une livraison en Irlande ?",
        "C'est combien, l'envoi express, et en combien de jours ça arrive ?",
        "Livrez-vous aussi en point relais ou seulement à domicile ?",
        "Je suis française mais je vis en Allemagne depuis deux ans. Je voudrais offrir un cadeau à ma "
        "mère, qui habite à Toulouse. Puis-je commander depuis mon compte et faire livrer en France, et les "
        "frais et les délais sont-ils les mêmes que pour l'Allemagne ?",
        "Les frais de port sont de combien pour un petit article ? Je n'ai pas trouvé l'info sur le site.",
        "depuis quel entrepot partent les colis pour la france ? et ca met combien de temps",
        "Avez-vous une livraison le samedi ?",
        "Je m'occupe d'une petite association au Portugal et nous aimerions commander plusieurs articles de "
        "cuisine. Avant de passer commande, j'aimerais connaître les frais d'expédition vers le Portugal, "
        "le délai habituel et l'existence éventuelle d'une option plus rapide. Merci de votre retour.",
        "La livraison est-elle aussi gratuite pour l'Autriche au-dessus de 50 € ?",
    ],
    "delivery_problem": [
        "Mon colis {order} est indiqué comme livré mais je n'ai rien reçu.",
        "Le suivi de ma commande n'a pas bougé depuis {days} jours. Le colis est perdu ?",
        "Selon le suivi du transporteur, ma commande {order} a été livrée jeudi à 14 h. J'étais chez moi "
        "toute la journée et personne n'a sonné. J'ai demandé aux voisins et au gardien : rien. Que "
        "pouvez-vous faire ?",
        "Le numéro de suivi ne donne aucun résultat sur le site du transporteur.",
        "Mon colis est bloqué au centre de tri depuis plus d'une semaine.",
        "Le livreur a laissé un avis de passage alors que j'étais là. Comment récupérer mon colis ?",
        "Colis jamais arrivé. Commande {order}. Expédiée il y a {days} jours.",
        "Ma commande de {item} a été expédiée il y a presque deux semaines. Le suivi indique « en transit » "
        "depuis le premier jour, sans aucune mise à jour depuis. J'ai contacté le transporteur, qui me "
        "renvoie vers vous. Pouvez-vous ouvrir une enquête ou me renvoyer l'article ?",
        "Le suivi dit que le colis a été retourné à l'expéditeur, je ne comprends pas pourquoi.",
        "Il est marqué livré en point relais, mais le point relais dit qu'il ne l'a jamais eu.",
        "Le colis aurait été déposé chez un voisin, mais je ne sais pas lequel et personne ne l'a.",
        "bonjour, mon colis est perdu je crois, le suivi est bloqué depuis lundi dernier",
        "Le transporteur indique « adresse introuvable » alors que mon adresse est correcte. Que faire ?",
        "Je n'ai toujours pas reçu la commande {order}. Le lien de suivi reçu par mail affiche une erreur "
        "et, dans mon compte, il n'y a que « expédiée ». Cela fait maintenant {days} jours ouvrés. Je "
        "voudrais savoir si le colis est perdu et, dans ce cas, si vous pouvez me le renvoyer ou me "
        "rembourser.",
        "D'après le suivi, le colis a été livré dans une autre ville. Pouvez-vous vérifier ?",
    ],
    "return_request": [
        "Je voudrais retourner {item}, il ne me convient pas.",
        "Comment faire un retour ? Je n'ai pas trouvé d'étiquette dans le colis.",
        "La taille ne va pas, je souhaite renvoyer l'article.",
        "J'ai reçu ma commande {order} il y a {days} jours. Finalement, {item} est beaucoup plus grand que "
        "ce que j'imaginais et ne rentre pas dans ma cuisine. Il n'a pas servi et il est encore dans son "
        "emballage d'origine. Comment puis-je vous le retourner ?",
        "Quel est le délai pour retourner un article ?",
        "Le retour est-il gratuit depuis la France ?",
        "Je veux renvoyer une partie de ma commande {order}, pas tout. C'est possible ?",
        "J'ai changé d'avis pour {item}, je peux le renvoyer même si j'ai ouvert la boîte ?",
        "Pouvez-vous m'envoyer une étiquette de retour pour la commande {order} ?",
        "Je n'arrive pas à générer l'étiquette de retour dans mon compte, il y a un message d'erreur.",
        "On m'a offert {item} pour Noël, mais j'avais déjà le même. Je n'ai pas le numéro de commande, "
        "c'est ma tante qui l'a acheté sur votre site. Est-il possible de le retourner quand même ? Il est "
        "neuf, jamais ouvert.",
        "Je peux déposer mon colis retour dans n'importe quel bureau de poste ?",
        "retour d'un article svp, il correspond pas a la photo du site",
        "Est-ce que des écouteurs ouverts peuvent être retournés ? Je ne les ai portés qu'une fois.",
        "Je souhaite exercer mon droit de rétractation pour la commande {order}, livrée il y a moins de "
        "deux semaines. Elle contient deux articles : je garde le premier mais je retourne {item}. Merci de "
        "m'indiquer la marche à suivre et les éventuels frais de retour.",
    ],
    "exchange_request": [
        "Je voudrais échanger {item} contre une autre couleur.",
        "Est-il possible d'échanger la taille M contre une L ?",
        "J'ai pris la version 128 Go par erreur, je voudrais la 256 Go. Vous pouvez faire l'échange ?",
        "J'ai reçu {item} (commande {order}) en noir, mais en le voyant dans mon salon je me rends compte "
        "que le blanc irait beaucoup mieux. Il n'a pas été utilisé. Un échange est-il possible, et dois-je "
        "payer quelque chose en plus ?",
        "Comment fonctionne un échange ? Je ne veux pas être remboursé, juste avoir une autre taille.",
        "La couleur bleue est-elle disponible pour un échange ? Ma commande est la {order}.",
        "Si je prends une variante plus chère en échange, je paie la différence ?",
        "Echange possible ? Trop petit.",
        "J'ai commandé des chaussures de randonnée en 42, mais elles taillent petit. Je voudrais les "
        "échanger contre du 43, même modèle, même coloris. Elles ont seulement été essayées dans "
        "l'appartement. Comment dois-je procéder pour ne pas avoir à tout racheter ?",
        "Je souhaite remplacer {item} par la version avec plus de capacité. La différence de prix ne me "
        "dérange pas.",
        "Puis-je encore échanger un article reçu il y a {days} jours ?",
        "J'ai déjà fait un échange pour ce produit mais la nouvelle taille ne va pas non plus, je peux en "
        "refaire un ?",
        "Je voudrais le même article, mais en gris anthracite plutôt qu'en beige.",
        "Ma fille a reçu {item} pour son anniversaire, commandé chez vous sous le numéro {order}. Elle "
        "aurait préféré le rose. L'emballage est intact. Pouvez-vous nous expliquer comment faire l'échange "
        "sans payer de frais supplémentaires ?",
        "La version plus petite est moins chère : vous me rembourserez la différence si j'échange ?",
    ],
    "damaged_item": [
        "J'ai reçu {item} cassé, l'écran est fissuré.",
        "Ce n'est pas le bon article dans le colis ! J'ai commandé {item} et j'ai reçu autre chose.",
        "Le colis {order} est arrivé ce matin avec un coin complètement écrasé. En l'ouvrant, j'ai trouvé "
        "le couvercle de la cafetière fendu et la verseuse en verre brisée en plusieurs morceaux. Je vous "
        "joins des photos du carton et du produit. Que proposez-vous ?",
        "Il manque des pièces : pas de câble de charge ni de notice dans la boîte.",
        "Le produit est arrivé rayé et cabossé, clairement pas neuf.",
        "Article endommagé à la livraison, commande {order}. Photos en pièce jointe.",
        "Vous m'avez envoyé la mauvaise couleur, j'avais commandé le vert.",
        "Le couvercle en verre de la casserole était brisé à l'ouverture du carton.",
        "Il manque un article dans mon colis : j'en avais commandé trois et il n'y en a que deux.",
        "J'ai commandé une lampe de jardin solaire et j'ai reçu à la place un grille-pain, qui n'a rien à "
        "voir. Le bon de livraison dans le carton mentionne pourtant bien la lampe. Je n'ai pas besoin du "
        "grille-pain : dois-je vous le renvoyer, et quand vais-je recevoir le bon article ?",
        "le {item} est arrivé en morceaux, je fais quoi ?",
        "Dois-je renvoyer l'article abîmé ou les photos vous suffisent ?",
        "La boîte était déjà ouverte et le chargeur manquait.",
        "Je viens de déballer {item} de la commande {order}. L'appareil ne s'allume pas du tout et il y a "
        "une grosse trace de choc sur le côté, comme s'il était tombé pendant le transport. Je ne l'ai "
        "jamais utilisé. Je voudrais un remplacement rapidement si possible.",
        "Taille reçue : S. Taille commandée : XL. Merci de corriger.",
    ],
    "refund_status": [
        "Je n'ai toujours pas reçu mon remboursement pour la commande {order}.",
        "Mon retour est arrivé chez vous il y a {days} jours, quand serai-je remboursé ?",
        "Combien de temps faut-il pour voir le remboursement sur ma carte ?",
        "J'ai renvoyé {item} il y a trois semaines et le suivi montre que le colis a été livré à votre "
        "entrepôt de Leipzig. J'ai reçu un mail m'annonçant un remboursement de {amount} €, mais rien sur "
        "mon compte bancaire. Pouvez-vous vérifier de votre côté et me donner une référence de l'opération "
        "?",
        "Où en est mon remboursement ? Commande annulée la semaine dernière.",
        "Le montant remboursé n'est pas le bon, il manque {amount} €.",
        "Vous m'aviez promis un remboursement et je ne vois toujours rien arriver.",
        "Le remboursement sera-t-il fait sur PayPal ou sur ma carte ?",
        "rembourssement toujours pas reçu, ça commence à faire long",
        "Pourquoi les frais de port ne m'ont-ils pas été remboursés ?",
        "J'ai annulé ma commande {order} le jour même et vous m'avez confirmé l'annulation par mail. "
        "Pourtant, {days} jours plus tard, la somme de {amount} € n'est toujours pas revenue sur mon "
        "compte. Ma banque dit n'avoir rien reçu. Que se passe-t-il ?",
        "Pouvez-vous me confirmer la date à laquelle le remboursement a été émis ?",
        "Le remboursement en avoir, il est disponible quand ?",
        "J'attends le remboursement de mon retour depuis presque un mois. Où en est-on ?",
        "Vous avez bien reçu mon retour pour la commande {order}, le statut l'indique dans mon compte. Mais "
        "je ne vois qu'un remboursement de {amount} € au lieu du prix total, et personne ne m'a expliqué "
        "cette différence. Pouvez-vous me détailler le calcul ?",
    ],
    "warranty_claim": [
        "Mon {item} ne fonctionne plus après huit mois d'utilisation.",
        "Le produit est tombé en panne, est-il encore sous garantie ?",
        "J'ai acheté {item} chez vous il y a environ un an (commande {order}). Depuis quelques jours, il "
        "s'éteint tout seul au bout de cinq minutes, même complètement chargé. Je l'ai toujours utilisé "
        "normalement. Est-ce couvert par la garantie, et comment le faire réparer ou remplacer ?",
        "L'aspirateur fait un bruit anormal et ne s'allume plus. Acheté en mars dernier.",
        "Quelle est la durée de la garantie sur vos produits électroniques ?",
        "J'ai perdu la facture, est-ce que je peux quand même faire jouer la garantie ?",
        "Défaut de fabrication sur la poêle : le revêtement se décolle au bout de quelques mois.",
        "La garantie couvre-t-elle la batterie ? Elle ne tient plus la charge.",
        "Mon casque ne marche plus que d'un côté. Il a moins de deux ans.",
        "Le robot pâtissier acheté l'hiver dernier s'est arrêté net en plein fonctionnement et refuse de "
        "redémarrer. Il n'a subi aucun choc et a été utilisé conformément à la notice. J'aimerais une "
        "réparation ou un échange au titre de la garantie légale. Quelles sont les démarches ?",
        "Je dois contacter le fabricant ou c'est vous qui gérez la garantie ?",
        "la machine a café fuit depuis la semaine derniere, achetée il y a 10 mois",
        "Est-ce que vous réparez ou vous remplacez directement un produit sous garantie ?",
        "Écran avec des lignes verticales depuis ce matin, tablette achetée il y a un an. Garantie ?",
        "J'ai déjà fait réparer {item} une fois et le même problème revient : il ne charge plus. La "
        "commande d'origine est la {order}. Je ne souhaite pas une nouvelle réparation mais un remplacement "
        "ou un remboursement. Est-ce possible au titre de la garantie ?",
    ],
    "password_reset": [
        "Je n'arrive plus à me connecter à mon compte.",
        "Le lien de réinitialisation du mot de passe ne fonctionne pas, il est indiqué comme expiré.",
        "Mon compte est bloqué après plusieurs tentatives, que faire ?",
        "J'ai changé de téléphone et je n'ai plus accès à mon application d'authentification. Du coup, "
        "impossible de me connecter à mon compte Lumio Market : on me demande un code à six chiffres que je "
        "ne peux pas générer. Comment désactiver la double authentification ou récupérer l'accès ?",
        "J'ai oublié mon mot de passe et je ne reçois pas le mail pour le réinitialiser.",
        "Mot de passe oublié, le mail n'arrive pas (j'ai regardé dans les courriers indésirables).",
        "Le site m'affiche « identifiants incorrects » alors que je suis sûr de mon mot de passe.",
        "Compte verrouillé. Combien de temps faut-il attendre ?",
        "Je clique sur le lien reçu par mail mais j'arrive sur une page d'erreur.",
        "Depuis hier, impossible de me connecter. J'ai essayé de réinitialiser le mot de passe trois fois, "
        "mais chaque fois que j'ouvre le lien le lendemain matin, il a expiré. Je travaille de nuit et je "
        "ne peux pas toujours le faire tout de suite. Pourriez-vous m'aider ?",
        "je narrive pas a me connecter, ça tourne en boucle sur la page de connexion",
        "Le code de vérification en deux étapes est refusé à chaque fois.",
        "Comment réinitialiser mon mot de passe depuis mon téléphone ?",
        "Je crois que quelqu'un a essayé d'accéder à mon compte et maintenant il est bloqué. Pouvez-vous le "
        "débloquer ?",
        "Je n'ai plus accès à l'ancienne adresse mail avec laquelle j'ai créé mon compte, donc je ne peux "
        "pas recevoir le lien de réinitialisation. J'ai pourtant des commandes en cours. Comment récupérer "
        "l'accès à mon compte ?",
    ],
    "account_update": [
        "Je souhaite changer l'adresse e-mail associée à mon compte.",
        "Comment modifier mon nom sur mon compte ? Je me suis mariée.",
        "Je voudrais supprimer mon compte définitivement.",
        "Mon nom de famille est mal orthographié sur mon compte depuis l'inscription (« Dupond » au lieu de "
        "« Dupont »). Ça apparaît ensuite sur les étiquettes de livraison, et le facteur a déjà eu du mal à "
        "trouver ma boîte aux lettres. Pouvez-vous m'expliquer où le corriger ?",
        "Où est-ce que je change mon adresse mail dans l'espace client ?",
        "Merci de fermer mon compte, je n'utilise plus votre site.",
        "Est-ce que je peux fusionner deux comptes ? J'en ai créé un deuxième par erreur.",
        "Je veux mettre à jour le numéro de téléphone de mon compte.",
        "Suppression de compte svp.",
        "J'ai créé mon compte avec mon adresse professionnelle, mais je quitte mon entreprise à la fin du "
        "mois. Je voudrais passer sur mon adresse personnelle sans perdre mon historique de commandes ni "
        "mes factures. Quelle est la bonne démarche ?",
        "Si je supprime mon compte, mes commandes en cours sont-elles annulées ?",
        "comment on change le prénom sur le compte, il y a une faute",
        "Je voudrais remplacer mon adresse courriel par une nouvelle, l'ancienne va être fermée.",
        "Le compte est au nom de mon ex-conjoint, je voudrais le mettre à mon nom.",
        "J'aimerais supprimer mon compte client. Avant cela, je voudrais savoir si mes factures resteront "
        "accessibles quelque part, car j'en ai besoin pour ma comptabilité. Comment dois-je m'y prendre ?",
    ],
    "payment_issue": [
        "Ma carte a été refusée alors qu'elle fonctionne partout ailleurs.",
        "J'ai été débité deux fois pour la commande {order} !",
        "Est-ce que je peux payer par virement bancaire ?",
        "En validant ma commande hier soir, le paiement a d'abord échoué, puis j'ai réessayé et ça a "
        "marché. Ce matin, je vois deux prélèvements de {amount} € sur mon compte, alors qu'une seule "
        "commande apparaît dans mon espace client. Pouvez-vous m'expliquer et annuler le doublon ?",
        "Klarna n'apparaît pas dans les moyens de paiement, pourquoi ?",
        "Le paiement PayPal bloque à la dernière étape.",
        "Vous acceptez Apple Pay ?",
        "Paiement refusé trois fois de suite, c'est quoi le problème ?",
        "J'ai fait un virement il y a {days} jours mais la commande est toujours en attente de paiement.",
        "J'ai passé la commande {order} en choisissant le virement SEPA, mais je n'ai pas pu faire le "
        "virement tout de suite car j'étais en déplacement. Je peux le faire dès demain. Combien de temps "
        "ai-je pour payer avant que la commande soit annulée, et où trouver vos coordonnées bancaires ?",
        "on ma prélevé {amount} € mais la commande n'apparait nulle part",
        "Est-il possible de payer en plusieurs fois ?",
        "Ma banque demande une validation 3D Secure mais je ne reçois jamais le SMS.",
        "Pourquoi un montant est-il bloqué sur mon compte alors que la commande a été annulée ?",
        "J'habite en France et je voulais payer avec Klarna, comme je le fais sur d'autres sites, mais "
        "l'option n'apparaît pas au moment de payer. Je n'ai pas de carte de crédit et je préfère éviter "
        "PayPal. Quels autres moyens de paiement me restent ?",
    ],
    "invoice_request": [
        "Pouvez-vous m'envoyer la facture de la commande {order} ?",
        "J'ai besoin d'une facture au nom de ma société.",
        "Comment faire apparaître mon numéro de TVA intracommunautaire sur la facture ?",
        "J'ai commandé du matériel pour mon cabinet (commande {order}), mais j'ai oublié d'indiquer le nom "
        "de l'entreprise et notre numéro de TVA. La facture a été établie à mon nom personnel et mon "
        "comptable la refuse. Pourriez-vous émettre une facture rectifiée avec la raison sociale et le "
        "numéro de TVA ?",
        "Je ne trouve pas la facture dans mon espace client.",
        "Facture svp pour {order}, en PDF.",
        "L'adresse de facturation sur la facture est fausse, pouvez-vous la corriger ?",
        "Est-ce possible d'avoir une facture sans TVA pour une entreprise belge ?",
        "Je n'ai pas reçu la facture par e-mail au moment de l'expédition.",
        "Pour une note de frais, j'ai besoin d'une facture détaillée de mon achat de {item}, avec les "
        "montants HT, TVA et TTC bien séparés. Le document que j'ai téléchargé ne montre que le total de "
        "{amount} €. Pouvez-vous m'en fournir une plus complète ?",
        "Pouvez-vous me renvoyer toutes mes factures de l'année dernière ?",
        "facture au nom de l'association et pas au mien merci",
        "Je voudrais un duplicata de facture, j'ai supprimé le mail par erreur.",
        "Il y a une erreur de montant sur ma facture, le code promo n'y apparaît pas.",
        "Nous sommes une PME basée à Nice et nous commandons régulièrement chez vous. Pour la commande "
        "{order}, la facture doit porter notre numéro de TVA pour l'autoliquidation. La commande date d'il "
        "y a environ trois semaines. Est-il encore possible de la corriger ?",
    ],
    "promo_code": [
        "Mon code promo ne fonctionne pas, le site affiche « code invalide ».",
        "Est-ce que je peux utiliser deux codes promo sur la même commande ?",
        "J'ai oublié de saisir mon code de réduction, vous pouvez l'appliquer après coup ?",
        "J'ai reçu un code de bienvenue de 10 % par e-mail après mon inscription. Quand je le saisis au "
        "moment de payer, le site me dit que le code n'est pas applicable à mon panier. Aucune condition "
        "n'est pourtant indiquée dans le mail. Pouvez-vous vérifier pourquoi ?",
        "Quel est le solde de ma carte cadeau ?",
        "Jusqu'à quand ma carte cadeau est-elle valable ?",
        "Peut-on payer une partie avec une carte cadeau et le reste par carte bancaire ?",
        "Le code promo a été accepté mais la réduction ne s'affiche pas dans le total.",
        "code promo expiré ?? je l'ai reçu hier",
        "Ma belle-mère m'a offert une carte cadeau Lumio Market pour mon anniversaire il y a un moment. Je "
        "ne sais plus exactement quand, et je ne retrouve pas le montant restant. Je voulais l'utiliser "
        "pour {item}. Est-elle toujours valable, et combien reste-t-il dessus ?",
        "Le code de parrainage de mon ami ne marche pas.",
        "Pourquoi mon code ne s'applique-t-il pas sur les articles déjà soldés ?",
        "La carte cadeau est refusée à l'étape du paiement.",
        "J'ai un code promo et une carte cadeau, est-ce que je peux utiliser les deux ?",
        "J'ai passé la commande {order} hier et je viens de recevoir un code de réduction de 15 % dans ma "
        "boîte mail. Si j'avais attendu un jour, j'aurais économisé pas mal. Pouvez-vous appliquer ce code "
        "à ma commande ou me rembourser la différence ?",
    ],
    "data_request": [
        "Je souhaite obtenir une copie de toutes les données personnelles que vous détenez sur moi.",
        "Merci de supprimer toutes mes données conformément au RGPD.",
        "Quelles informations personnelles conservez-vous sur vos clients ?",
        "Conformément à l'article 15 du RGPD, je vous demande l'accès à l'ensemble des données me "
        "concernant : informations de compte, historique de commandes, échanges avec le service client et "
        "éventuelles données de navigation. Merci de m'indiquer sous quel délai et dans quel format je "
        "recevrai ces informations. Je reste à votre disposition si vous avez besoin d'un justificatif "
        "d'identité.",
        "Droit à l'effacement : je veux que vous retiriez mon adresse et mon numéro de téléphone de vos "
        "fichiers.",
        "Avec qui partagez-vous mes données ?",
        "Je reçois vos mails publicitaires alors que je n'ai jamais donné mon accord. D'où tenez-vous mon "
        "adresse ?",
        "Comment faire une demande RGPD chez vous ?",
        "Pouvez-vous corriger mes données personnelles ? Ma date de naissance est fausse dans votre système.",
        "J'ai supprimé mon compte il y a quelques mois, mais je continue à recevoir des mails de votre "
        "part. Je voudrais savoir quelles données vous avez encore sur moi et pourquoi. Si rien ne vous "
        "oblige légalement à les garder, je demande leur effacement complet.",
        "Demande d'accès aux données personnelles. Merci de me transmettre l'export complet.",
        "Combien de temps gardez-vous mes données après la suppression de mon compte ?",
        "est-ce que vous vendez mes données à des tiers ??",
        "Je souhaite exercer mon droit à la portabilité, pouvez-vous m'envoyer mes données dans un fichier ?",
        "Madame, Monsieur, je ne souhaite plus avoir de relation commerciale avec votre société. Je vous "
        "prie donc de bien vouloir effacer l'ensemble de mes données personnelles, y compris celles liées à "
        "mes anciennes commandes, au titre de l'article 17 du RGPD. Merci de me confirmer par écrit "
        "l'exécution de cette demande et de m'indiquer les données que vous seriez tenus de conserver.",
    ],
    "complaint": [
        "Je souhaite déposer une réclamation officielle concernant votre service client.",
        "Votre conseiller a été désagréable dans le chat, je veux parler à un responsable.",
        "Je veux que ma plainte soit transmise à la direction.",
        "Je vous écris pour exprimer mon profond mécontentement. En un mois, j'ai contacté votre service "
        "quatre fois au sujet de la commande {order} et j'ai reçu à chaque fois une réponse différente, "
        "parfois contradictoire. Personne ne semble lire l'historique de mes messages. Je demande que mon "
        "dossier soit examiné par un responsable.",
        "Réclamation : réponse automatique sans rapport avec ma question, trois fois de suite.",
        "Je ne suis pas satisfait de la façon dont mon dossier a été traité et je souhaite que ma demande "
        "soit remontée à un supérieur.",
        "Le ton de votre dernier mail était franchement méprisant. J'attends des excuses.",
        "Qui est le responsable du service client ? Je souhaite lui écrire directement.",
        "Ceci est une réclamation formelle. Merci de me communiquer un numéro de dossier.",
        "Je tiens à signaler le comportement du livreur de votre transporteur, qui a jeté mon colis "
        "par-dessus le portail et m'a répondu de manière agressive quand je lui ai fait la remarque. Je "
        "sais que ce n'est pas votre employé, mais c'est vous qui l'avez choisi. J'attends une réponse "
        "officielle de votre part.",
        "On m'a promis une réponse sous 48 heures qui n'est jamais venue. C'est inadmissible, je veux qu'un "
        "responsable s'en occupe.",
        "je suis très déçu du service, personne ne répond vraiment a mes questions",
        "Je souhaite connaître votre procédure de réclamation et les recours possibles.",
        "Deux conseillers m'ont donné deux informations opposées. Je veux une réponse écrite d'un chef "
        "d'équipe.",
        "Malgré mes nombreux messages au sujet de la commande {order}, mon dossier a été clôturé sans "
        "solution et sans que l'on me prévienne. Ce n'est pas acceptable pour une entreprise de votre "
        "taille. Je vous demande de rouvrir ma demande et de me dire qui en est désormais responsable.",
    ],
}

OUT_OF_SCOPE: list[str] = [
    "Bonjour, je souhaiterais postuler au poste de préparateur de commandes dans votre entrepôt de Kaunas. "
    "Vous trouverez mon CV en pièce jointe.",
    "Recrutez-vous des stagiaires en marketing pour cet été ?",
    "Nous sommes un fabricant italien d'ustensiles de cuisine et souhaiterions devenir fournisseur de Lumio "
    "Market. À qui puis-je adresser notre catalogue ?",
    "Proposition de partenariat : grossiste en électroménager, nous cherchons des revendeurs en Europe. "
    "Quelles sont vos conditions d'achat en volume ?",
    "Est-ce que {item} est compatible avec mon ampli à lampes de 1978 branché en DIN ?",
    "Le chargeur que vous vendez fonctionne-t-il avec un émetteur-récepteur radioamateur Yaesu FT-817 "
    "modifié ?",
    "La station météo peut-elle communiquer avec mon système domotique fait maison sur un vieux Raspberry "
    "Pi ?",
    "Bonjour, je suis journaliste pour un magazine de consommation et je prépare un article sur la "
    "logistique du commerce en ligne. Pourrais-je interviewer quelqu'un de votre direction ?",
    "Vendez-vous des pneus de voiture ?",
    "Avez-vous des médicaments sans ordonnance en vente ?",
    "Je cherche des billets pour le concert de samedi, vous en vendez ?",
    "FÉLICITATIONS !!! Vous avez été sélectionné pour gagner un iPhone, cliquez ici pour réclamer votre "
    "cadeau MAINTENANT",
    "Boostez votre référencement en 7 jours ! Nos experts placent votre site en première page de Google, "
    "tarif exceptionnel ce mois-ci.",
    "J'ai commandé un aspirateur sur un autre site et le vendeur ne répond pas. Vous pouvez voir où est mon "
    "colis ?",
    "Ma commande Amazon n'est pas arrivée, pouvez-vous m'aider ?",
    "Pouvez-vous me dire si le colis que ma grand-mère m'a envoyé par La Poste est bien arrivé ?",
    "Réparez-vous les téléphones achetés ailleurs ?",
    "Bonjour, vous louez des appartements de vacances en Lituanie ?",
    "Votre société cherche-t-elle des investisseurs ? J'aimerais prendre des parts.",
    "La lampe frontale résiste-t-elle à une plongée à 60 mètres dans mon caisson étanche artisanal ?",
    "Cher ami, je suis l'avocat d'un riche homme d'affaires décédé et je vous propose de partager un "
    "héritage de 4 500 000 €. Répondez vite en indiquant vos coordonnées bancaires.",
    "Vendez-vous des animaux ? Je cherche un chaton pour ma fille.",
    "Mon voisin a reçu un colis Zalando à ma place, qui dois-je contacter ?",
    "Je suis youtubeur tech (50 000 abonnés), envoyez-moi des produits gratuits et je ferai une vidéo "
    "dessus.",
    "Est-ce que votre mixeur peut être branché sur le convertisseur 24 V de mon camping-car de 1985 ?",
]

FOLLOW_UPS: list[str] = [
    "Je vous ai écrit la semaine dernière au sujet de la commande {order} et ce n'est toujours pas réglé.",
    "Je reviens vers vous concernant ma demande précédente, restée sans réponse.",
    "Il y a {days} jours, je vous ai contactés au sujet de {item} et je n'ai eu aucun retour.",
    "Suite à mon message d'hier, je n'ai toujours pas de réponse.",
    "Deuxième relance pour la commande {order}.",
    "Comme convenu avec votre collègue, je reviens vers vous car rien n'a bougé.",
    "Je me permets de vous relancer, mon dossier est toujours ouvert.",
    "Vous m'aviez dit que ce serait réglé sous quelques jours, mais toujours rien.",
    "Je réponds à votre dernier mail : la solution proposée n'a pas fonctionné.",
    "Petite relance concernant ma demande sur la commande {order}, merci de me tenir informé.",
    "Je vous ai envoyé les photos il y a {days} jours, avez-vous pu les regarder ?",
    "Toujours en attente d'un retour de votre part depuis mon dernier message.",
]

ANGRY: list[str] = [
    "C'est la troisième fois que je vous écris.",
    "Inadmissible.",
    "Je suis extrêmement déçu par votre service.",
    "J'en ai assez d'attendre, ça suffit maintenant.",
    "Personne ne lit mes messages ou quoi ?",
    "C'est vraiment du grand n'importe quoi.",
    "On se moque de moi, franchement.",
    "Je n'ai jamais vu un service client aussi lent.",
    "Ça fait {days} jours que j'attends une réponse, c'est scandaleux.",
    "Vos réponses automatiques ne servent strictement à rien.",
    "Je suis à bout de patience.",
    "Inacceptable pour une entreprise de votre taille.",
]

URGENT: list[str] = [
    "J'en ai besoin avant vendredi, c'est un cadeau d'anniversaire.",
    "C'est urgent, je pars en voyage dans {days} jours.",
    "Merci de traiter ma demande en priorité, c'est pressé.",
    "Il me le faut absolument avant le week-end.",
    "Je déménage lundi, il faut que ce soit réglé avant.",
    "C'est pour Noël, je n'ai plus beaucoup de temps.",
    "Réponse rapide svp, c'est très urgent.",
    "J'ai un mariage samedi et l'article était prévu pour ça.",
    "Mon ancien appareil est hors service, je ne peux pas attendre des semaines.",
]

CHURN: list[str] = [
    "Si ce n'est pas réglé rapidement, je ferme mon compte.",
    "Je vais commander ailleurs à partir de maintenant.",
    "C'était ma dernière commande chez vous.",
    "Vos concurrents livrent deux fois plus vite, je vais aller chez eux.",
    "Supprimez mon compte si vous n'êtes pas capables de régler ça.",
    "Je vais déconseiller Lumio Market à tout mon entourage.",
    "Je suis client depuis trois ans, mais là je pense sérieusement à partir.",
    "Je ne remettrai plus les pieds sur votre site.",
    "Encore un problème de ce genre et je passe à la concurrence.",
]

HUMAN_REQUEST: list[str] = [
    "Je voudrais parler à une vraie personne, pas à un robot.",
    "Pouvez-vous me mettre en relation avec un conseiller humain ?",
    "Est-ce qu'un humain peut lire ce message, s'il vous plaît ?",
    "Je ne veux plus de réponses automatiques, merci de transmettre à un conseiller.",
    "Y a-t-il quelqu'un de réel derrière ce chat ?",
    "Mettez-moi en contact avec un membre de l'équipe, svp.",
    "J'aimerais qu'une personne de votre service me réponde directement.",
]

LEGAL: list[str] = [
    "Sans réponse de votre part sous huit jours, je saisirai mon avocat.",
    "Je vais signaler votre entreprise à la DGCCRF.",
    "Je vais faire opposition auprès de ma banque et contester le paiement.",
    "La batterie de {item} a surchauffé et de la fumée est sortie de l'appareil, c'est dangereux.",
    "Le chargeur a fondu pendant la nuit, il aurait pu provoquer un incendie.",
    "Je saisirai le médiateur de la consommation si aucune solution n'est trouvée.",
    "Je vais passer par la plateforme européenne de règlement en ligne des litiges.",
    "Mon avocat est en copie de ce message.",
]

POSITIVE: list[str] = [
    "Vous m'aviez très bien aidé la dernière fois.",
    "À part ça, j'adore le produit.",
    "Je suis cliente depuis longtemps et toujours satisfaite.",
    "Merci pour votre rapidité habituelle.",
    "Votre collègue Marie avait été formidable la dernière fois.",
    "La qualité est vraiment au rendez-vous, bravo.",
    "La livraison a été super rapide, rien à redire là-dessus.",
    "Je recommande souvent votre site à mes amis.",
    "Votre service client est l'un des meilleurs que je connaisse.",
]

AGENT_REPLIES: dict[str, list[str]] = {
    "order_status": [
        "Bonjour, votre commande {order} a bien été expédiée et le lien de suivi vous a été envoyé par "
        "e-mail. Vous retrouvez aussi le numéro de suivi dans Compte › Commandes. Pour la France, comptez 3 "
        "à 6 jours ouvrés de livraison.",
        "Merci pour votre message. Nos commandes sont traitées sous 1 jour ouvré ; la vôtre est au statut « "
        "traitée » et partira très prochainement. Vous recevrez un e-mail avec le lien de suivi dès son "
        "expédition.",
        "Bonjour, j'ai vérifié votre commande : elle est en cours d'acheminement chez le transporteur. Le "
        "numéro de suivi est disponible dans Compte › Commandes, et si le suivi ne bouge plus pendant 5 "
        "jours ouvrés, nous ouvrirons une enquête.",
    ],
    "cancel_order": [
        "Bonjour, votre commande {order} était encore au statut « en attente » : je l'ai annulée sans "
        "frais. Le remboursement sera effectué sur votre moyen de paiement d'origine.",
        "Merci pour votre message. Malheureusement, votre commande est déjà traitée et ne peut plus être "
        "annulée. Vous pourrez la retourner dans les 30 jours suivant la livraison depuis Compte › Retours.",
        "Bonjour, tant qu'une commande est « en attente », vous pouvez l'annuler vous-même dans Compte › "
        "Commandes avec le bouton « Annuler la commande ». Si le bouton n'apparaît plus, c'est que la "
        "commande est déjà traitée.",
    ],
    "change_address": [
        "Bonjour, votre commande {order} était encore en attente : j'ai mis à jour l'adresse de livraison. "
        "Vous recevrez le lien de suivi dès l'expédition.",
        "Merci pour votre message. Je suis désolé, la commande est déjà traitée et l'adresse de livraison "
        "ne peut plus être modifiée. Le numéro de suivi est disponible dans Compte › Commandes pour suivre "
        "le colis.",
        "Bonjour, l'adresse de livraison ne peut être modifiée que tant que la commande est au statut « en "
        "attente ». Envoyez-nous la nouvelle adresse complète en réponse à ce message et nous la "
        "corrigerons aussitôt si c'est encore possible.",
    ],
    "shipping_info": [
        "Bonjour, la livraison standard coûte 4,95 € et elle est offerte dès 50 € d'achat. Pour la France, "
        "comptez 3 à 6 jours ouvrés.",
        "Merci pour votre question. La livraison express coûte 9,95 € et arrive en 1 à 2 jours ouvrés dans "
        "les pays baltes et en Allemagne. Pour la France, l'Espagne et le reste de l'UE, la livraison "
        "standard prend 3 à 6 jours ouvrés.",
        "Bonjour, nous livrons dans tous les pays de l'Union européenne depuis nos entrepôts de Kaunas et "
        "de Leipzig. La livraison standard est gratuite au-delà de 50 € ; en dessous, elle coûte 4,95 €.",
    ],
    "delivery_problem": [
        "Bonjour, je suis désolée pour ce désagrément. Comme le suivi n'a pas été mis à jour depuis plus de "
        "5 jours ouvrés, j'ai ouvert une enquête auprès du transporteur et je reviens vers vous dès que "
        "j'ai sa réponse.",
        "Merci pour votre message. Si le colis est confirmé perdu, vous pourrez choisir entre un nouvel "
        "envoi et un remboursement intégral. Je vous tiens informé du résultat de l'enquête auprès du "
        "transporteur.",
        "Bonjour, le transporteur indique une livraison, mais nous prenons votre signalement au sérieux. "
        "Pourriez-vous vérifier auprès de vos voisins et dans votre boîte aux lettres ? Si le colis reste "
        "introuvable, répondez-nous et nous ouvrirons une enquête auprès du transporteur.",
    ],
    "return_request": [
        "Bonjour, vous pouvez retourner votre article dans les 30 jours suivant la livraison, s'il est "
        "inutilisé, complet et dans son emballage d'origine. Lancez le retour dans Compte › Retours pour "
        "obtenir votre étiquette.",
        "Merci pour votre message. Depuis la France, 5,95 € de frais de retour sont déduits du "
        "remboursement ; les retours ne sont gratuits que depuis la Lituanie, la Lettonie, l'Estonie et "
        "l'Allemagne. L'étiquette est disponible dans Compte › Retours.",
        "Bonjour, je suis désolé, mais les produits d'hygiène ouverts, comme les écouteurs, ne peuvent pas "
        "être retournés. Si l'article présente un défaut, nous pouvons en revanche l'examiner au titre de "
        "la garantie.",
    ],
    "exchange_request": [
        "Bonjour, vous pouvez échanger votre article contre une autre taille, couleur ou capacité du même "
        "produit dans les 30 jours suivant la livraison. Lancez l'échange dans Compte › Retours en "
        "choisissant la nouvelle variante.",
        "Merci pour votre message. Si la nouvelle variante a le même prix, l'échange ne vous coûte rien ; "
        "en cas de différence, nous vous la facturons ou vous la remboursons.",
        "Bonjour, je suis désolée, chaque article ne peut être échangé qu'une seule fois. Vous pouvez en "
        "revanche le retourner dans les 30 jours suivant la livraison et repasser commande.",
    ],
    "damaged_item": [
        "Bonjour, je suis vraiment désolé que votre colis soit arrivé endommagé. Merci de nous envoyer "
        "quelques photos via le formulaire de contact sur lumio.example/help ; nous vous proposerons "
        "ensuite un remplacement ou un remboursement complet, frais de port inclus.",
        "Merci pour les photos. Comme l'article coûte moins de 30 €, vous n'avez pas besoin de nous le "
        "renvoyer, et nous vous expédions un article de remplacement.",
        "Bonjour, toutes nos excuses pour cette erreur de préparation. Nous vous envoyons le bon article ou "
        "vous remboursons intégralement, frais de port compris, selon votre préférence. Si l'article reçu "
        "par erreur vaut plus de 30 €, nous vous indiquerons comment nous le renvoyer.",
    ],
    "refund_status": [
        "Bonjour, nous émettons le remboursement dans les 14 jours suivant l'arrivée de votre retour à "
        "l'entrepôt, sur votre moyen de paiement d'origine. Sur une carte, il faut ensuite compter 5 à 10 "
        "jours ouvrés pour qu'il apparaisse.",
        "Merci pour votre patience. Votre remboursement de {amount} € a été émis ; s'il s'agit d'un "
        "virement bancaire, il apparaîtra sous 3 à 5 jours ouvrés sur votre compte.",
        "Bonjour, pour un retour depuis la France, 5,95 € de frais de retour sont déduits du remboursement, "
        "ce qui explique la différence. Les frais de livraison initiaux ne sont remboursés que si toute la "
        "commande est retournée dans les 14 jours suivant la livraison.",
    ],
    "warranty_claim": [
        "Bonjour, nos produits bénéficient de la garantie légale de 2 ans à compter de la livraison pour "
        "les défauts présents à la livraison. Décrivez-nous le problème, avec une photo ou une vidéo si "
        "possible ; votre numéro de commande sert de preuve d'achat.",
        "Merci pour votre message. Selon le diagnostic, nous vous proposerons une réparation, un "
        "remplacement, une réduction du prix ou un remboursement. Certains fabricants ajoutent aussi leur "
        "propre garantie.",
        "Bonjour, pas d'inquiétude pour la facture : le numéro de commande suffit comme preuve d'achat. "
        "Votre produit a moins de 2 ans, il est donc couvert par la garantie légale et j'ouvre un dossier "
        "pour vous.",
    ],
    "password_reset": [
        "Bonjour, le lien de réinitialisation n'est valable que 60 minutes. Demandez-en un nouveau depuis "
        "la page de connexion et utilisez-le tout de suite.",
        "Merci pour votre message. Après 5 tentatives de connexion échouées, le compte est verrouillé "
        "pendant 30 minutes ; passé ce délai, vous pourrez réessayer ou réinitialiser votre mot de passe.",
        "Bonjour, si vous n'avez plus accès à votre application d'authentification, nous pouvons désactiver "
        "la vérification en deux étapes après avoir vérifié votre identité. Vous pourrez ensuite la "
        "réactiver dans Compte › Sécurité.",
    ],
    "account_update": [
        "Bonjour, vous pouvez modifier votre adresse e-mail et votre nom à tout moment dans Compte › "
        "Paramètres.",
        "Merci pour votre message. Vous pouvez supprimer votre compte depuis Compte › Confidentialité. "
        "Notez que nous devons conserver vos factures pendant 10 ans, comme l'exige la loi fiscale.",
        "Bonjour, pour corriger votre nom, rendez-vous dans Compte › Paramètres et enregistrez la "
        "modification. N'hésitez pas à nous réécrire si le changement ne s'affiche pas.",
    ],
    "payment_issue": [
        "Bonjour, ce qui ressemble à un double prélèvement est généralement une autorisation temporaire, "
        "que votre banque libère sous 7 jours. Un seul paiement a été encaissé pour votre commande {order}.",
        "Merci pour votre message. Après l'échec d'un paiement par carte, la commande reste « en attente » "
        "pendant 48 heures : vous pouvez réessayer depuis Compte › Commandes ou choisir un autre moyen de "
        "paiement.",
        "Bonjour, nous acceptons Visa, Mastercard, PayPal, Apple Pay et le virement SEPA ; Klarna n'est "
        "proposé qu'en Allemagne. Une commande payée par virement est conservée 7 jours, puis annulée si le "
        "paiement n'est pas arrivé.",
    ],
    "invoice_request": [
        "Bonjour, la facture PDF vous est envoyée par e-mail au moment de l'expédition et elle est aussi "
        "disponible dans Compte › Commandes.",
        "Merci pour votre message. Nous pouvons émettre une facture rectifiée avec le nom de votre société "
        "et votre numéro de TVA, à condition que la facture d'origine date de moins de 30 jours. Pour vos "
        "prochains achats, ajoutez votre numéro de TVA intracommunautaire dans Compte › Paramètres avant de "
        "commander afin de bénéficier de l'autoliquidation.",
        "Bonjour, je vous ai renvoyé la facture de la commande {order} par e-mail. Vous la retrouverez "
        "également à tout moment dans Compte › Commandes.",
    ],
    "promo_code": [
        "Bonjour, un seul code promo peut être utilisé par commande et les codes ne sont pas cumulables. En "
        "revanche, une carte cadeau peut être combinée avec n'importe quel moyen de paiement.",
        "Merci pour votre message. Je suis désolé, un code promo ne peut pas être ajouté une fois la "
        "commande passée.",
        "Bonjour, nos cartes cadeaux sont valables 3 ans. Vous pouvez les utiliser en complément de "
        "n'importe quel autre moyen de paiement au moment de régler.",
    ],
    "data_request": [
        "Bonjour, vous pouvez demander une copie de vos données, leur correction ou leur effacement depuis "
        "Compte › Confidentialité ou en écrivant à privacy@lumio.example. Nous répondons sous 30 jours "
        "après vérification de votre identité.",
        "Merci pour votre demande, que nous avons transmise à notre équipe chargée de la protection des "
        "données. Vous recevrez une réponse sous 30 jours après vérification de votre identité ; notez que "
        "les factures doivent être conservées 10 ans au titre de nos obligations fiscales.",
        "Bonjour, pour traiter votre demande d'accès, nous devons d'abord vérifier votre identité. Vous "
        "recevrez ensuite une réponse complète dans un délai de 30 jours.",
    ],
    "complaint": [
        "Bonjour, je suis sincèrement désolée de votre expérience. J'ai transmis votre réclamation à un "
        "chef d'équipe, qui l'examinera sous 2 jours ouvrés.",
        "Merci d'avoir pris le temps de nous écrire. Votre réclamation est enregistrée et sera examinée par "
        "un chef d'équipe dans les 2 jours ouvrés. En tant que client dans l'UE, vous pouvez également "
        "recourir à la plateforme européenne de règlement en ligne des litiges.",
        "Bonjour, je comprends votre mécontentement et vous présente nos excuses. À titre de geste "
        "commercial, je vous ai accordé un avoir de 10 €, et votre réclamation a été transmise à un chef "
        "d'équipe.",
    ],
}

THANKS_REPLIES: list[str] = [
    "Merci, ça a marché !",
    "Super, merci beaucoup pour votre aide.",
    "Parfait, c'est réglé. Bonne journée !",
    "Merci pour la réponse rapide.",
    "C'est noté, merci.",
    "Génial, tout fonctionne maintenant.",
    "Merci beaucoup, je n'en demandais pas tant !",
    "D'accord, merci pour les explications.",
]
