"""Spanish customer phrasing for the demo conversation generator."""

GREETINGS: list[str] = [
    "Hola,",
    "Buenos días,",
    "Buenas tardes,",
    "Buenas,",
    "Estimados señores:",
    "Hola, buenas:",
    "Hola equipo de Lumio Market,",
    "Estimado equipo de atención al cliente:",
    "A la atención del servicio de atención al cliente:",
    "",
]

SIGNOFFS: list[str] = [
    "Gracias,",
    "Muchas gracias,",
    "Un saludo,",
    "Saludos,",
    "Saludos cordiales,",
    "Un cordial saludo,",
    "Atentamente,",
    "Gracias de antemano,",
    "Quedo a la espera de su respuesta.",
    "Espero noticias vuestras pronto,",
]

REQUESTS: dict[str, list[str]] = {
    "order_status": [
        "¿Dónde está mi pedido {order}? Lo hice hace {days} días y todavía no sé nada.",
        "Hola, quería saber cuándo me va a llegar el pedido {order}.",
        "¿Me podéis decir en qué estado está mi pedido?",
        "Pedí {item} hace una semana y sigue sin aparecer. ¿Ya ha salido del almacén?",
        "Quisiera consultar el estado del pedido {order}, por favor.",
        "En mi cuenta el pedido pone «procesado» desde hace {days} días. ¿Cuándo se envía?",
        "¿Cuándo llega {item}? Necesito saberlo para organizarme.",
        "no me ha llegado ningun correo de envio, el pedido esta enviado o no?",
        "Buenas, hice un pedido el lunes pasado ({order}) con {item} y un par de cosas más. "
        "En la web pone que los envíos a España tardan de 3 a 6 días laborables, pero todavía no he "
        "recibido el correo con el enlace de seguimiento. ¿Me podéis confirmar si ya está enviado y "
        "cuándo calculáis que llegará?",
        "Les escribo porque compré {item} como regalo y necesito saber con cierta precisión cuándo lo "
        "recibiré. El pago se realizó correctamente y me llegó la confirmación del pedido, pero desde "
        "entonces no he vuelto a tener noticias. ¿Podrían indicarme en qué fase se encuentra el pedido "
        "{order}?",
        "Hola. Mi pedido {order} aparece como enviado, pero no sé desde dónde sale ni cuánto le queda. "
        "Vivo en Valencia y he leído que tenéis almacenes en Lituania y en Alemania. "
        "¿Me podéis dar una fecha aproximada de entrega?",
        "Me gustaría saber si mi pedido ya ha sido enviado.",
        "¿Tenéis ya número de seguimiento para el pedido {order}?",
        "Estado del pedido {order}?",
        "Hice una compra de {amount} € hace unos días y no sé nada. ¿Me confirmáis que se ha registrado "
        "bien?",
    ],
    "cancel_order": [
        "Quiero cancelar el pedido {order}, lo acabo de hacer y me he equivocado.",
        "Por favor, anulen mi pedido {order}.",
        "Hola, acabo de hacer un pedido y me he dado cuenta de que he pedido {item} dos veces. ¿Podéis "
        "cancelar uno?",
        "¿Todavía puedo cancelar mi pedido? Lo hice hace una hora.",
        "He cambiado de opinión, ya no quiero {item}. Cancelen la compra antes de que salga, por favor.",
        "¿Cómo se anula un pedido desde la web?",
        "Necesito cancelar {order} lo antes posible, me he equivocado de modelo.",
        "cancelad el pedido porfa, lo e hecho sin querer",
        "Buenas tardes. Esta mañana he hecho el pedido {order}, pero luego he visto {item} más barato en "
        "una tienda de mi barrio. Todavía no me ha llegado ningún aviso de envío, así que supongo que "
        "estoy a tiempo. ¿Me lo podéis cancelar y devolver el dinero a la tarjeta?",
        "Hola, he intentado cancelar el pedido desde mi cuenta, pero no me aparece el botón de cancelar. "
        "Lo hice ayer por la noche y creo que todavía no ha salido. ¿Podéis anularlo vosotros? "
        "El número es {order}.",
        "Estimados señores: les ruego que cancelen el pedido {order} por importe de {amount} €. "
        "Lo realicé por error con la cuenta de mi empresa en lugar de con la personal. "
        "Quedo a la espera de su confirmación por escrito.",
        "¿Se puede cancelar solo una parte del pedido, por ejemplo {item}, y mantener el resto?",
        "Acabo de pagar y ya me arrepiento. ¿Hay forma de anular la compra sin coste?",
        "No quiero el pedido {order}. Cancelación, por favor.",
        "Ya no necesito {item}, ¿me podéis cancelar el pedido antes de enviarlo?",
    ],
    "change_address": [
        "He puesto mal la dirección de entrega en el pedido {order}. ¿Se puede cambiar?",
        "Quisiera modificar la dirección de envío de mi último pedido.",
        "Me he equivocado con el piso: es 3.º B y no 3.º A. Pedido {order}.",
        "¿Podéis mandar el pedido a la dirección de mi trabajo en vez de a casa?",
        "Me mudo la semana que viene, ¿puedo cambiar la dirección de entrega de {item}?",
        "cambiar direccion pedido {order}, el codigo postal esta mal",
        "Necesito que el paquete vaya a casa de mis padres, ¿es posible cambiar la dirección?",
        "Hola, acabo de hacer el pedido {order} y al revisar el correo de confirmación me he dado cuenta "
        "de que ha salido mi antigua dirección de Sevilla. Vivo en Madrid desde hace meses y se me olvidó "
        "actualizarla en la cuenta. ¿Podéis cambiarla antes de que se envíe? Os paso la dirección nueva "
        "en cuanto me digáis.",
        "Buenos días. Compré {item} como regalo para mi hermana y quería enviarlo directamente a su casa, "
        "pero lo he pedido a mi dirección por error. Ella vive en Lyon, en Francia. "
        "¿Se puede cambiar la dirección de entrega aunque sea a otro país?",
        "Estimados señores: en el pedido {order} falta el número de la calle y me temo que el repartidor "
        "no va a encontrar el domicilio. Les agradecería que lo corrigieran antes del envío. "
        "La dirección correcta es calle Mayor 14, 2.º izquierda.",
        "¿Hasta cuándo se puede cambiar la dirección de un pedido?",
        "Quiero cambiar la dirección de entrega, pero la web no me deja editarla.",
        "Por favor, corrijan el código postal del pedido {order}: es 28015.",
        "Voy a estar fuera {days} días, ¿puedo hacer que el pedido llegue a otra dirección?",
        "Hola, ¿podéis cambiar el destinatario y la dirección de mi pedido? Es para un regalo.",
    ],
    "shipping_info": [
        "¿Cuánto tarda un envío a España?",
        "¿Cuánto cuesta el envío a Portugal?",
        "¿A partir de qué importe el envío es gratis?",
        "¿Tenéis envío urgente? Necesitaría recibirlo en {days} días.",
        "Si compro por {amount} €, ¿tengo que pagar gastos de envío?",
        "¿Hacéis envíos a Canarias?",
        "Hola, ¿enviáis a Italia? ¿Cuánto tardaría?",
        "q precio tiene el envio urgente a barcelona?",
        "¿El envío exprés está disponible para España o solo para algunos países?",
        "Hola, estoy pensando en comprar {item} y un par de accesorios, pero antes quiero saber los plazos. "
        "Vivo en Bilbao y lo necesitaría para dentro de una semana y media, más o menos. "
        "¿Cuánto suele tardar el envío normal y cuánto cuesta el urgente?",
        "Buenas tardes. ¿Desde qué almacén se envían los pedidos a España? He visto que la empresa está "
        "en Lituania y me preocupa que tarde muchísimo. ¿Cuántos días laborables tengo que contar "
        "normalmente?",
        "Estimados señores: somos una pequeña asociación de Zaragoza y queremos hacer un pedido de unos "
        "{amount} €. Quería saber si con ese importe el envío sería gratuito y si es posible recibirlo todo "
        "en un solo paquete. Gracias por la información.",
        "¿Los gastos de envío se cobran por pedido o por artículo?",
        "¿Entregáis también los sábados?",
        "¿Cuánto tardaría en llegar {item} a Alemania? Es para un amigo que vive allí.",
    ],
    "delivery_problem": [
        "El seguimiento de mi pedido {order} no se actualiza desde hace {days} días.",
        "El pedido {order} pone que está entregado, pero yo no he recibido nada.",
        "Creo que mi paquete se ha perdido. Pedido {order}.",
        "El repartidor dice que no había nadie en casa, pero estuve todo el día.",
        "Mi paquete lleva una semana parado en el mismo centro de reparto.",
        "el numero de seguimiento no funciona, dice que no existe",
        "Me ha llegado el aviso de entrega de {item}, pero ni en el buzón ni en portería hay nada.",
        "Hola, el pedido {order} salió hace casi dos semanas y desde entonces el seguimiento no ha cambiado: "
        "sigue diciendo «en tránsito». He preguntado a la empresa de transporte y me dicen que hable con "
        "vosotros. ¿Podéis abrir una reclamación o mandarme otro?",
        "Buenas. Según la web de la empresa de transporte, el paquete con {item} se entregó ayer a las "
        "11:40, "
        "pero yo estaba en casa y nadie llamó al timbre. He preguntado a los vecinos y en conserjería y "
        "nadie "
        "sabe nada. ¿Qué hago ahora?",
        "Estimados señores: el pedido {order} figura como entregado desde hace {days} días, pero no lo he "
        "recibido. La firma que aparece en el justificante no es mía ni de nadie de mi familia. "
        "Solicito que investiguen lo ocurrido y me indiquen cómo van a solucionarlo.",
        "El paquete ha vuelto a vuestro almacén sin que nadie intentara entregarlo. ¿Lo podéis reenviar?",
        "Llevo {days} días esperando y el paquete no llega. ¿Qué pasa con la mensajería?",
        "El pedido se ha entregado en una dirección que no es la mía.",
        "Solo me ha llegado uno de los dos paquetes del pedido {order}.",
        "¿Dónde está mi paquete? El seguimiento pone «incidencia en la entrega» y no avanza.",
    ],
    "return_request": [
        "Quiero devolver {item}, no me queda bien.",
        "¿Cómo hago una devolución?",
        "He cambiado de opinión y me gustaría devolver el pedido {order}.",
        "¿Dónde consigo la etiqueta de devolución para el pedido {order}?",
        "¿Tengo que pagar el envío de la devolución desde España?",
        "Me regalaron {item} y ya tengo uno igual. ¿Se puede devolver aunque no lo comprara yo?",
        "¿Cuántos días tengo para devolver un producto?",
        "quiero devolber los auriculares, no me gusta como suenan",
        "Hola, compré {item} hace un par de semanas pensando que me iba a servir para la cocina nueva, "
        "pero al final es demasiado grande para la encimera. Está sin usar y todavía en su caja original. "
        "¿Cómo puedo devolverlo y cuánto me costaría?",
        "Buenos días. Quiero devolver dos artículos del pedido {order}; el resto me lo quedo. "
        "He entrado en mi cuenta, pero no encuentro dónde se pide la devolución de solo una parte del "
        "pedido. "
        "¿Me podéis explicar los pasos?",
        "Estimados señores: deseo ejercer mi derecho de desistimiento sobre el pedido {order}, recibido hace "
        "{days} días. Los productos están sin abrir y en perfecto estado. Les ruego que me indiquen el "
        "procedimiento y me faciliten la etiqueta de devolución.",
        "No me convence {item}. ¿Lo puedo devolver aunque ya lo haya sacado de la caja?",
        "¿Puedo entregar la devolución en una oficina de Correos?",
        "Quiero devolver {item}. ¿Me mandáis la etiqueta?",
        "Devolución del pedido {order}, por favor. No es lo que esperaba.",
    ],
    "exchange_request": [
        "¿Puedo cambiar {item} del pedido {order} por otro color?",
        "Del pedido {order} me ha llegado la talla M y necesito la L. ¿Cómo hago el cambio?",
        "Quiero cambiar el modelo de 128 GB por el de 256 GB. ¿Pago la diferencia?",
        "¿Se puede cambiar {item} por el mismo en negro?",
        "La mochila se me queda pequeña, ¿la puedo cambiar por la de 40 litros?",
        "hola, quiero cambiar la talla de las botas del pedido {order}",
        "¿Me devolvéis la diferencia si lo cambio por una versión más barata?",
        "Hola, recibí {item} en blanco, que es el color que pedí, pero al verlo en casa no pega nada con el "
        "resto de la cocina. ¿Puedo cambiarlo por el gris antracita? Está sin usar y con todos los "
        "plásticos.",
        "Buenas tardes. En el pedido {order} compré una chaqueta de montaña en talla S y me queda bastante "
        "justa de hombros. Me gustaría cambiarla por una M del mismo modelo y color. ¿Tengo que devolverla "
        "primero y hacer otro pedido, o se puede hacer un cambio directo?",
        "Estimados señores: solicito el cambio de {item} por la versión de mayor capacidad. Entiendo que "
        "tendré que abonar la diferencia de precio. Les agradecería que me indicaran cómo proceder y cuánto "
        "tardaría en recibir el nuevo artículo.",
        "Ya cambié una vez la talla y tampoco me vale, ¿la puedo volver a cambiar?",
        "¿Cómo se solicita un cambio de talla en la web?",
        "Cambio de color para {item}, por favor: el azul en lugar del rojo.",
        "¿Cuánto tiempo tengo para cambiar un artículo por otra talla?",
        "Quiero el mismo producto pero en tamaño grande. ¿Es posible hacer el cambio?",
    ],
    "damaged_item": [
        "{item} ha llegado roto.",
        "Me habéis mandado un producto que no es el que pedí. Pedido {order}.",
        "Falta el cargador en la caja de {item}.",
        "La caja venía aplastada y la pantalla está rajada. Pedido {order}.",
        "He abierto el paquete y la tapa de la sartén tiene una grieta.",
        "me a llegado el producto con un golpe enorme, os mando fotos?",
        "En vez de {item} me ha llegado una lámpara de mesa. ¿Qué hago?",
        "Hola, hoy ha llegado el pedido {order}. Al desembalar {item} he visto que una de las patas está "
        "partida y que tiene arañazos por todo el lateral; la caja exterior venía bastante golpeada. "
        "Tengo fotos del paquete y del producto. ¿Me mandáis uno nuevo?",
        "Buenas. Pedí un juego de seis vasos y solo venían cuatro; los otros dos huecos de la caja estaban "
        "vacíos. El precinto parecía intacto, así que creo que salió así del almacén. "
        "¿Me podéis enviar los que faltan?",
        "Estimados señores: el artículo recibido en el pedido {order} no corresponde al que compré; pedí "
        "{item} y me han enviado un modelo diferente y más barato. Adjunto fotografías de la etiqueta y del "
        "producto. Solicito que me envíen el artículo correcto o me reembolsen el importe íntegro.",
        "Nada más sacarlo de la caja, el aparato no enciende.",
        "En el pedido {order} me ha llegado el color equivocado.",
        "Faltan los tornillos para montar la estantería.",
        "El paquete llegó empapado y {item} está estropeado.",
        "¿Tengo que devolver el producto roto o me mandáis otro directamente? Costó {amount} €.",
    ],
    "refund_status": [
        "¿Cuándo me devolvéis el dinero de la devolución del pedido {order}?",
        "Hace {days} días que me confirmasteis la devolución y todavía no tengo el reembolso.",
        "¿Cuánto tarda el reembolso en aparecer en la tarjeta?",
        "No he recibido el reembolso de {amount} €.",
        "Por la devolución del pedido {order} me habéis devuelto menos dinero del que pagué. ¿Por qué?",
        "¿El reembolso se hace a la tarjeta o como saldo en la tienda?",
        "todavia no me habeis devuelto el dinero!! cuando?",
        "Hola, devolví {item} hace casi tres semanas con la etiqueta que me disteis y, según el seguimiento, "
        "llegó a vuestro almacén el día 12. Desde entonces no he recibido ningún correo ni he visto el "
        "dinero en mi cuenta. ¿Me podéis decir cómo va el reembolso?",
        "Buenos días. En el correo me decís que el reembolso de {amount} € ya está hecho, pero en el banco "
        "no me aparece nada. Pagué con tarjeta Visa. ¿Es normal que tarde tanto o debo reclamar al banco?",
        "Estimados señores: cancelé el pedido {order} antes de que se enviara y me confirmaron la "
        "cancelación. Sin embargo, el cargo sigue figurando en mi cuenta bancaria y no se ha producido el "
        "abono correspondiente. Les ruego que comprueben el estado del reembolso.",
        "¿Me devolvéis también los gastos de envío?",
        "He recibido el reembolso, pero falta una parte. Devolví el pedido {order} completo.",
        "Pagué con PayPal, ¿cuándo veré el reembolso?",
        "Reembolso pendiente del pedido {order}. ¿Alguna novedad?",
        "¿Cuánto tardáis en tramitar el reembolso una vez que recibís el paquete?",
    ],
    "warranty_claim": [
        "{item} ha dejado de funcionar después de seis meses. ¿Lo cubre la garantía?",
        "Mi aspiradora ya no carga. La compré el año pasado en vuestra tienda.",
        "¿Cuánto dura la garantía de los productos electrónicos?",
        "La cafetera pierde agua desde hace una semana y tiene menos de un año.",
        "Quiero tramitar la garantía de {item}, pedido {order}.",
        "No encuentro la factura, ¿sirve el número de pedido para la garantía?",
        "el altavoz hace un ruido raro y se apaga solo, tiene garantia?",
        "Hola, compré {item} hace unos ocho meses (pedido {order}) y hasta ahora funcionaba perfectamente. "
        "Desde la semana pasada la batería se descarga en menos de una hora aunque apenas lo uso. "
        "¿Podéis repararlo o cambiarlo por la garantía?",
        "Buenas tardes. El robot de cocina que os compré el año pasado ha dejado de calentar. "
        "Siempre lo he usado siguiendo las instrucciones y nunca se ha caído ni mojado. "
        "¿Qué tengo que hacer para mandarlo a reparar y cuánto tardaría?",
        "Estimados señores: el producto {item}, adquirido hace catorce meses, presenta un defecto de "
        "fabricación en la bisagra, que se ha roto sin haber sufrido ningún golpe. Al encontrarme dentro del "
        "plazo de garantía legal de dos años, solicito su reparación o sustitución. "
        "Quedo a la espera de sus instrucciones.",
        "¿La garantía la gestionáis vosotros o tengo que ir al fabricante?",
        "En la pantalla de {item} ha aparecido de repente una línea de píxeles muertos.",
        "El reloj ya no se sincroniza con el móvil y lo compré en marzo.",
        "¿Me podéis devolver el dinero en lugar de reparar el producto defectuoso?",
        "Se ha roto la cremallera de la tienda de campaña a los pocos usos. ¿Entra en garantía?",
    ],
    "password_reset": [
        "No puedo iniciar sesión en mi cuenta.",
        "El enlace para restablecer la contraseña ha caducado.",
        "He olvidado mi contraseña y no me llega el correo para cambiarla.",
        "Mi cuenta está bloqueada después de varios intentos.",
        "He cambiado de móvil y ya no tengo la aplicación de autenticación. ¿Cómo entro?",
        "no me deja entrar, dice contraseña incorrecta pero es la buena",
        "¿Cuánto tiempo tarda en desbloquearse la cuenta?",
        "Hola, llevo toda la mañana intentando entrar en mi cuenta para ver el pedido {order} y no hay "
        "manera. He pedido el enlace para cambiar la contraseña tres veces, pero cuando lo abro me dice que "
        "ya no es válido. ¿Qué estoy haciendo mal?",
        "Buenas. Activé la verificación en dos pasos hace unos meses y ahora he perdido el móvil donde tenía "
        "la aplicación de códigos. Sin el código no puedo entrar y tengo un pedido pendiente de pago. "
        "¿Me podéis ayudar a recuperar el acceso?",
        "Estimados señores: no consigo acceder a mi cuenta desde ayer. Tras varios intentos fallidos, el "
        "sistema me indica que la cuenta está bloqueada temporalmente, y el correo de recuperación no llega "
        "ni a la bandeja de entrada ni a la carpeta de correo no deseado. Les ruego que revisen qué ocurre.",
        "¿Cómo cambio la contraseña si no recuerdo la actual?",
        "Me sale un error al iniciar sesión desde el móvil.",
        "Quiero restablecer la contraseña, pero la web no reconoce mi correo.",
        "Los códigos de verificación no funcionan, siempre dice que son incorrectos.",
        "Cuenta bloqueada. Necesito entrar hoy.",
    ],
    "account_update": [
        "Quiero cambiar el correo electrónico de mi cuenta.",
        "¿Cómo puedo borrar mi cuenta?",
        "Me he casado y quiero actualizar mis apellidos en la cuenta.",
        "Mi nombre aparece mal escrito en la cuenta, ¿lo podéis corregir?",
        "Por favor, eliminen mi cuenta de cliente.",
        "quiero cambiar el correo, el antiguo ya no lo uso",
        "¿Dónde se cambia el número de teléfono del perfil?",
        "Tengo dos cuentas con correos distintos, ¿se pueden unir en una?",
        "Hola, abrí la cuenta hace años con el correo del trabajo y ahora he cambiado de empresa, así que "
        "dentro de poco perderé el acceso. Quiero pasarlo todo a mi correo personal sin perder el historial "
        "de pedidos. ¿Cómo lo hago?",
        "Buenos días. Quiero dar de baja mi cuenta porque no voy a volver a comprar en la tienda. "
        "¿Se borran también los pedidos antiguos y las facturas? Prefiero saberlo antes de darle al botón.",
        "Estimados señores: les escribo para solicitar que se modifique el nombre del titular de la cuenta. "
        "La abrió mi marido con su nombre, pero la usamos los dos y prefiero que figure el mío. "
        "¿Es posible cambiarlo sin crear una cuenta nueva?",
        "¿Se puede cambiar el nombre que aparece en mi perfil?",
        "No encuentro en los ajustes dónde cambiar el correo.",
        "Cerrad mi cuenta, por favor. Gracias.",
        "He cambiado de dirección de correo y quiero que a partir de ahora os llegue todo a la nueva.",
    ],
    "payment_issue": [
        "Mi tarjeta ha sido rechazada al pagar.",
        "Me habéis cobrado dos veces el pedido {order}.",
        "¿Puedo pagar por transferencia bancaria?",
        "¿Aceptáis Klarna en España?",
        "El pago con PayPal no se completa, se queda cargando.",
        "me aparecen dos cargos de {amount} € en el banco, por que?",
        "¿Se puede pagar con Apple Pay?",
        "Hola, intenté pagar el pedido {order} con mi Mastercard y me dio error, pero en la aplicación del "
        "banco veo un cargo de {amount} €. El pedido sigue como pendiente. ¿Me habéis cobrado o no? "
        "No quiero pagar dos veces.",
        "Buenas tardes. Hice el pedido eligiendo transferencia bancaria, pero no sé a qué cuenta tengo que "
        "enviar el dinero ni qué concepto poner. Tampoco sé cuánto tiempo tengo antes de que se anule el "
        "pedido. ¿Me lo podéis aclarar?",
        "Estimados señores: en el extracto de mi tarjeta aparecen dos cargos idénticos por el pedido "
        "{order}, "
        "aunque solo realicé una compra. He comprobado que en mi cuenta solo figura un pedido. "
        "Les ruego que anulen el cargo duplicado a la mayor brevedad.",
        "¿Se puede pagar a plazos?",
        "La tarjeta funciona en otras tiendas, pero en la vuestra siempre da error.",
        "¿Por qué no me aparece la opción de pagar con Klarna?",
        "Hice la transferencia hace {days} días y el pedido sigue sin pagar.",
        "Error en el pago. ¿Lo intento otra vez o espero?",
    ],
    "invoice_request": [
        "Necesito la factura del pedido {order}.",
        "¿Podéis poner el NIF de mi empresa en la factura?",
        "La factura tiene mal mi dirección, ¿me mandáis una corregida?",
        "No me ha llegado la factura por correo.",
        "¿Dónde descargo la factura de mi compra?",
        "Soy autónomo y necesito una factura con mi NIF para desgravar.",
        "nesecito factura a nombre de empresa, como lo hago?",
        "Hola, compré {item} para la oficina con mi cuenta personal y la factura ha salido a mi nombre. "
        "Necesito que figuren la razón social de la empresa y nuestro CIF para pasarla a contabilidad. "
        "¿Se puede rehacer la factura del pedido {order}?",
        "Buenos días. Somos una empresa española con número de IVA intracomunitario y queremos comprar "
        "varios portátiles. ¿Qué tenemos que hacer para que se aplique la inversión del sujeto pasivo? "
        "No queremos pagar el IVA y luego tener que reclamarlo.",
        "Estimados señores: la factura del pedido {order} muestra un importe de {amount} €, que no coincide "
        "con lo que finalmente pagué tras aplicar el descuento. Para mi contabilidad necesito una factura "
        "rectificativa con el importe correcto. Les agradecería que me la enviaran por correo electrónico.",
        "¿Me podéis mandar un duplicado de la factura de marzo?",
        "¿La factura lleva el IVA desglosado?",
        "Necesito las facturas de todos mis pedidos del año pasado para la declaración.",
        "Se me olvidó poner el número de IVA al hacer el pedido. ¿Lo podéis añadir a la factura?",
        "Factura del pedido {order} en PDF, por favor.",
    ],
    "promo_code": [
        "El código de descuento no funciona.",
        "¿Puedo usar dos códigos promocionales en el mismo pedido?",
        "Se me olvidó poner el cupón al pagar. ¿Me podéis aplicar el descuento ahora?",
        "¿Cuánto saldo me queda en la tarjeta regalo?",
        "¿Hasta cuándo es válida una tarjeta regalo?",
        "el codigo BIENVENIDA10 me dice q no es valido",
        "¿Se puede pagar una parte con la tarjeta regalo y el resto con tarjeta de crédito?",
        "Hola, me llegó un correo con un código del 15 % para mi próxima compra, pero al meterlo en la cesta "
        "me dice que no es válido. He comprobado que no ha caducado y que lo escribo bien. "
        "¿Podéis revisar qué pasa? Quería comprar {item}.",
        "Buenas. Me regalaron una tarjeta regalo por mi cumpleaños hace tiempo y no sé si todavía sirve ni "
        "cuánto dinero le queda. No encuentro dónde se consulta el saldo en la web. ¿Me podéis ayudar?",
        "Estimados señores: realicé el pedido {order} y, a pesar de introducir el código promocional, no se "
        "aplicó el descuento correspondiente. El importe cobrado fue de {amount} €. "
        "Solicito que me devuelvan la diferencia.",
        "¿Los códigos de descuento valen también para productos rebajados?",
        "Tengo un código del 10 % y otro de envío gratis, ¿los puedo juntar?",
        "¿La tarjeta regalo se puede gastar en varias compras?",
        "Me dice que el código ya se ha utilizado, pero no lo he usado nunca.",
        "¿Tenéis algún código de descuento activo ahora mismo?",
    ],
    "data_request": [
        "Quiero una copia de todos los datos personales que tenéis sobre mí.",
        "Solicito la eliminación de mis datos personales conforme al RGPD.",
        "¿Qué datos míos guardáis y para qué los usáis?",
        "Por favor, borren toda mi información de sus sistemas.",
        "¿Compartís mis datos con terceros?",
        "quiero saber q datos teneis mios, gracias",
        "¿Cuánto tardáis en responder a una solicitud de acceso a datos?",
        "Hola, desde que compré en vuestra tienda recibo publicidad de otras empresas y sospecho que han "
        "sacado mis datos de algún sitio. Me gustaría saber exactamente qué información personal tenéis "
        "sobre mí y si se la habéis pasado a alguien. ¿Cómo lo solicito?",
        "Buenos días. En virtud del Reglamento General de Protección de Datos, solicito el acceso a todos "
        "los datos personales que Lumio Market trata sobre mí, incluidos el historial de pedidos, las "
        "direcciones y los registros de contacto. Les ruego que me los faciliten en un formato electrónico "
        "de uso común dentro del plazo legal.",
        "Estimados señores: ejerzo mi derecho de supresión conforme al artículo 17 del RGPD. Solicito que "
        "eliminen todos mis datos personales, incluida la dirección de correo asociada a mi cuenta. "
        "Les ruego que me confirmen por escrito cuando se haya completado.",
        "¿Podéis corregir los datos que tenéis de mí? La fecha de nacimiento está mal.",
        "Quiero ejercer mi derecho al olvido.",
        "¿Cómo descargo una copia de mis datos desde la cuenta?",
        "¿Guardáis los datos de mi tarjeta?",
        "Solicitud de acceso a mis datos personales (RGPD).",
    ],
    "complaint": [
        "Quiero poner una queja formal por el trato recibido.",
        "Exijo hablar con un responsable. El servicio ha sido pésimo.",
        "La persona que me atendió por chat fue muy maleducada.",
        "Quiero presentar una reclamación por la mala gestión de mi pedido {order}.",
        "¿Tenéis hojas de reclamaciones? Quiero dejar constancia de lo ocurrido.",
        "nadie me contesta y cada uno me dice una cosa distinta, quiero poner una queja",
        "Quiero que un supervisor revise mi caso.",
        "Buenas tardes. Llevo tres semanas intentando resolver un problema con el pedido {order} y cada vez "
        "que escribo me responde una persona distinta que me pide los mismos datos. Nadie se ha hecho cargo "
        "de verdad y tengo la sensación de que ni me leen. Quiero presentar una queja formal y que un "
        "responsable revise el caso.",
        "Hola. Ayer contacté con vosotros por lo de {item} y el agente que me atendió cortó la conversación "
        "a la mitad después de decirme que no era su problema. Entiendo que todo el mundo tiene un mal día, "
        "pero esto no es aceptable. Quiero que conste mi queja.",
        "Estimados señores: por medio del presente escrito presento una reclamación formal por la atención "
        "recibida en relación con el pedido {order}. Se me prometió una solución en 48 horas que nunca llegó "
        "y no se ha respondido a ninguno de mis tres correos posteriores. Solicito que el caso se traslade a "
        "un responsable de su departamento.",
        "Me parece vergonzoso cómo se está gestionando mi caso. Quiero hablar con el encargado.",
        "¿Cuál es el procedimiento para presentar una queja formal?",
        "Quiero dejar una queja sobre el repartidor y sobre vuestro servicio en general.",
        "Me prometisteis una respuesta que nunca llegó. Quiero que mi caso pase a un superior.",
        "Queja: me dieron información falsa sobre los plazos de entrega.",
    ],
}

OUT_OF_SCOPE: list[str] = [
    "Hola, me gustaría trabajar con vosotros. Os adjunto mi currículum por si tenéis alguna vacante en "
    "atención al cliente.",
    "¿Estáis contratando personal para el almacén de Leipzig? Hablo español, inglés y alemán.",
    "Somos un fabricante de menaje de cocina de Valencia y nos gustaría ser proveedores de Lumio Market. "
    "¿Con quién podemos hablar?",
    "Tengo una tienda en Murcia y quería saber si vendéis al por mayor con precios de distribuidor.",
    "Queremos proponerles una colaboración: distribuimos productos de limpieza ecológicos en toda España y "
    "buscamos socios comerciales.",
    "¿El cargador que vendéis funciona con una radio de onda corta Grundig de los años ochenta modificada?",
    "¿Sirve vuestro disco duro externo para un sintetizador Roland de 1992 con puerto SCSI?",
    "¿El adaptador de corriente es compatible con la instalación eléctrica de 32 V de un velero de los "
    "años setenta?",
    "¿Vuestra báscula de cocina se puede conectar al programa de gestión de mi restaurante, que es de 2004?",
    "Soy periodista de un diario económico y estoy preparando un reportaje sobre el comercio electrónico en "
    "Europa. ¿Podría entrevistar a alguien de la dirección de Lumio Market?",
    "Le escribo desde una revista de tecnología: ¿nos podrían enviar una nota de prensa sobre su expansión "
    "en España?",
    "¿Vendéis neumáticos para coche? Necesito cuatro de 16 pulgadas.",
    "¿Tenéis medicamentos sin receta? Busco ibuprofeno.",
    "¿Vendéis entradas para conciertos?",
    "Hola, ¿vendéis mascotas? Busco un cachorro de labrador.",
    "¡ENHORABUENA! Ha sido seleccionado para recibir un premio de 5.000 €. Haga clic aquí para reclamarlo "
    "antes de 24 horas.",
    "Gane dinero desde casa con nuestro sistema de inversión garantizado. Respuesta inmediata, plazas "
    "limitadas.",
    "Somos una agencia de publicidad digital y podemos posicionar su tienda en la primera página de Google. "
    "¿Le interesa que le llamemos?",
    "Compré unas zapatillas en otra tienda de internet y no me llegan. ¿Podéis mirar dónde está mi pedido "
    "de allí?",
    "Mi pedido de Amazon lleva retraso, ¿me podéis decir algo?",
    "Mi vecino ha perdido un paquete de otra empresa de mensajería que no tiene nada que ver con vosotros. "
    "¿Qué puede hacer?",
    "¿Me ayudáis con la declaración de la renta? Tengo dudas con las deducciones.",
    "¿Podéis recomendarme un buen restaurante en Vilna? Voy de viaje el mes que viene.",
    "Estoy haciendo mi trabajo de fin de grado sobre logística en los países bálticos. ¿Podrían responder "
    "a una encuesta de 20 preguntas?",
    "Buenas, ¿me podéis decir cómo configurar el módem de mi compañía de teléfono?",
]

FOLLOW_UPS: list[str] = [
    "Os escribí la semana pasada por el pedido {order} y todavía no está resuelto.",
    "Vuelvo a escribir porque no he recibido respuesta a mi mensaje anterior.",
    "Hace {days} días que os mandé un correo sobre esto y sigo esperando.",
    "Sigo sin noticias sobre lo que os comenté hace unos días.",
    "Como ya expliqué en mi último mensaje, el problema con {item} continúa.",
    "Retomo el tema del pedido {order}, que quedó pendiente.",
    "Me dijisteis que me contestaríais en 48 horas y ya han pasado {days} días.",
    "Les escribo de nuevo en relación con mi consulta anterior sobre el pedido {order}.",
    "Perdonad que insista, pero sigo sin respuesta.",
    "Ayer hablé por chat con una compañera vuestra y me dijo que me escribiríais, pero no ha llegado nada.",
    "Hola otra vez, os reenvío mi mensaje porque creo que se ha perdido.",
    "Ya os escribí por este motivo y me dijisteis que estaba solucionado, pero no es así.",
]

ANGRY: list[str] = [
    "Es la tercera vez que escribo por lo mismo.",
    "Inaceptable.",
    "Estoy harto de esperar.",
    "No es normal que nadie me conteste.",
    "Esto es una vergüenza.",
    "Me estáis tomando el pelo.",
    "Cada vez que pregunto me decís una cosa diferente.",
    "Estoy muy decepcionada con vuestro servicio.",
    "Ya he perdido demasiado tiempo con esto.",
    "No me puedo creer que sea tan difícil solucionar algo tan sencillo.",
    "¡¡Llevo semanas así!!",
    "Es la peor experiencia de compra que he tenido nunca.",
]

URGENT: list[str] = [
    "Lo necesito antes del viernes, es un regalo de cumpleaños.",
    "Es urgente, por favor.",
    "Me voy de viaje el lunes y lo necesito antes.",
    "Necesito una respuesta hoy mismo.",
    "Es para la comunión de mi sobrino este sábado.",
    "Por favor, contestad cuanto antes, es importante.",
    "Lo necesito para trabajar y sin él estoy parado.",
    "Tengo que tenerlo resuelto antes de final de mes.",
    "Es un regalo de Reyes y no puede llegar tarde.",
]

CHURN: list[str] = [
    "Si esto no se soluciona, no vuelvo a comprar aquí.",
    "Voy a cancelar mi cuenta.",
    "A partir de ahora compraré en la competencia.",
    "Hasta aquí hemos llegado. Me voy a otra tienda.",
    "Llevo años siendo cliente, pero esto ha sido la gota que colma el vaso.",
    "No pienso recomendaros a nadie más.",
    "Prefiero pagar un poco más en otra tienda y que me atiendan bien.",
    "Si no me dais una solución, daré de baja mi cuenta hoy mismo.",
    "He visto el mismo producto en otra web y os aseguro que la próxima vez compraré allí.",
]

HUMAN_REQUEST: list[str] = [
    "Quiero hablar con una persona, no con un robot.",
    "¿Me puede atender una persona de verdad?",
    "Pásenme con un agente, por favor.",
    "No quiero respuestas automáticas, quiero que me conteste alguien.",
    "¿Hay algún teléfono donde me atienda una persona?",
    "Necesito que lo revise alguien de carne y hueso.",
    "Por favor, que me llame alguien del equipo.",
]

LEGAL: list[str] = [
    "Si no me devolvéis el dinero, lo pondré en manos de mi abogado.",
    "Voy a presentar una reclamación ante la oficina municipal de consumo.",
    "He pedido a mi banco que anule el cargo de la tarjeta.",
    "La batería se calentó muchísimo mientras cargaba y empezó a salir humo.",
    "El cargador olía a quemado y ha dejado una marca negra en el enchufe; podía haber provocado un "
    "incendio.",
    "Voy a denunciarlo ante una asociación de consumidores.",
    "Me reservo el derecho a emprender acciones legales.",
    "Lo pondré en conocimiento de la Agencia Española de Protección de Datos.",
]

POSITIVE: list[str] = [
    "La última vez me ayudasteis mucho.",
    "Por lo demás, el producto me encanta.",
    "Siempre he quedado muy contento con mis compras.",
    "Gracias por la rapidez del envío la otra vez.",
    "Soy clienta desde hace años y estoy muy satisfecha.",
    "Vuestra atención al cliente suele ser excelente.",
    "El resto del pedido llegó perfecto y muy bien embalado.",
    "Os he recomendado a varios amigos.",
    "Entiendo que son cosas que pasan, no os preocupéis.",
]

AGENT_REPLIES: dict[str, list[str]] = {
    "order_status": [
        "Gracias por escribirnos. Los pedidos se procesan en un día laborable y, en cuanto salen del "
        "almacén, "
        "le enviamos por correo electrónico el enlace de seguimiento; el número de seguimiento también "
        "aparece en Cuenta › Pedidos.",
        "Puede consultar el estado del pedido {order} en Cuenta › Pedidos, donde pasa por pendiente, "
        "procesado, enviado y entregado. Para España, cuente con 3 a 6 días laborables desde el envío.",
        "Hemos revisado su pedido {order}. Si ya figura como enviado, encontrará el enlace de seguimiento en "
        "el correo que le enviamos ese día; los envíos a España tardan entre 3 y 6 días laborables.",
    ],
    "cancel_order": [
        "Un pedido se puede cancelar sin coste mientras su estado sea pendiente: abra Cuenta › Pedidos, "
        "seleccione el pedido y pulse «Cancelar pedido», o pídanoslo a nosotros. Si ya está procesado o "
        "enviado, no es posible cancelarlo, pero podrá devolverlo cuando lo reciba.",
        "Hemos comprobado el pedido {order}. Como todavía estaba pendiente, lo hemos cancelado sin coste y "
        "el importe se reembolsará al mismo método de pago.",
        "Lamentablemente, una vez que el pedido pasa a procesado ya no se puede cancelar. Cuando lo reciba, "
        "puede iniciar la devolución en Cuenta › Devoluciones; dispone de 30 días desde la entrega.",
    ],
    "change_address": [
        "La dirección de entrega solo se puede cambiar mientras el pedido está pendiente. Envíenos la "
        "dirección completa y correcta y la actualizaremos si todavía estamos a tiempo.",
        "Gracias por avisarnos a tiempo: su pedido {order} seguía pendiente y hemos actualizado la dirección "
        "de entrega. Recibirá el enlace de seguimiento por correo en cuanto se envíe.",
        "Lo sentimos, pero su pedido ya se ha procesado y no podemos modificar la dirección de entrega. "
        "Cuando se envíe, recibirá el enlace de seguimiento por correo para que pueda seguir el paquete.",
    ],
    "shipping_info": [
        "Los envíos a España, Francia y el resto de la UE tardan entre 3 y 6 días laborables. "
        "El envío estándar cuesta 4,95 € y es gratuito en pedidos de más de 50 €.",
        "Ofrecemos envío exprés por 9,95 €, que en los países bálticos y en Alemania llega en 1 o 2 días "
        "laborables. Todos los pedidos se procesan en un día laborable antes de salir del almacén.",
        "Enviamos a todos los países de la UE desde nuestros almacenes de Kaunas y Leipzig. A Alemania y "
        "Polonia el envío estándar tarda de 2 a 4 días laborables, y a Lituania, Letonia y Estonia de 1 a 3.",
    ],
    "delivery_problem": [
        "Sentimos las molestias. Si el seguimiento no se actualiza en 5 días laborables, o el paquete no ha "
        "llegado 10 días laborables después del envío, abrimos una investigación con la empresa de "
        "transporte; si se confirma la pérdida, usted elige entre un nuevo envío o el reembolso completo.",
        "Hemos abierto una investigación con la empresa de transporte sobre el pedido {order}. Le "
        "informaremos del resultado y, si el paquete se da por perdido, podrá elegir entre la reposición o "
        "el reembolso íntegro.",
        "Le recomendamos que pregunte a sus vecinos o en conserjería, porque a veces el repartidor deja el "
        "paquete allí. Si no aparece, lo gestionaremos con la empresa de transporte y le mantendremos "
        "informado.",
    ],
    "return_request": [
        "Puede devolver los artículos en un plazo de 30 días desde la entrega, siempre que estén sin usar, "
        "completos y en su embalaje original. Inicie la devolución en Cuenta › Devoluciones y recibirá la "
        "etiqueta de devolución.",
        "Las devoluciones desde España tienen un coste de 5,95 €, que se descuenta del reembolso. "
        "El reembolso se emite en un plazo de 14 días desde que el paquete llega a nuestro almacén.",
        "Tenga en cuenta que no se admiten devoluciones de artículos personalizados, productos de higiene "
        "abiertos (como auriculares o cepillos de dientes), software o juegos con el precinto roto ni "
        "tarjetas regalo. Para el resto, solo tiene que iniciar la devolución en Cuenta › Devoluciones.",
    ],
    "exchange_request": [
        "Puede cambiar un artículo por otra variante del mismo producto (talla, color o capacidad) en un "
        "plazo de 30 días desde la entrega. Inicie el cambio en Cuenta › Devoluciones, elija la nueva "
        "variante y descargue la etiqueta de envío.",
        "Si la nueva variante tiene el mismo precio, el cambio no tiene coste; si hay diferencia, se la "
        "cobraremos o se la reembolsaremos. Mientras lo tramitamos, su pedido aparecerá como «cambio "
        "solicitado» en Cuenta › Pedidos.",
        "Lo sentimos, pero solo se permite un cambio por artículo. Si la nueva talla tampoco le sirve, puede "
        "solicitar una devolución en Cuenta › Devoluciones siempre que siga dentro del plazo.",
    ],
    "damaged_item": [
        "Sentimos mucho que su pedido haya llegado en mal estado. Envíenos unas fotos a través del "
        "formulario de contacto de lumio.example/help en los 14 días siguientes a la entrega y le enviaremos "
        "un artículo nuevo o le reembolsaremos el importe íntegro, envío incluido.",
        "Gracias por las fotos. Como el artículo cuesta menos de 30 €, no hace falta que nos lo devuelva; "
        "ya estamos preparando la reposición.",
        "Lamentamos el error con el artículo enviado. Díganos si prefiere recibir el producto correcto o un "
        "reembolso completo, gastos de envío incluidos, y nos encargamos del resto.",
    ],
    "refund_status": [
        "Los reembolsos se emiten en un plazo de 14 días desde que el paquete devuelto llega a nuestro "
        "almacén, al mismo método de pago que utilizó. Con tarjeta, el abono puede tardar de 5 a 10 días "
        "laborables en aparecer en su cuenta.",
        "Si ya ha recibido nuestro correo confirmando el reembolso, el dinero está en camino: con tarjeta "
        "tarda de 5 a 10 días laborables, por transferencia bancaria de 3 a 5, y como saldo en la tienda "
        "es inmediato.",
        "En las devoluciones desde España se descuentan 5,95 € del reembolso. Los gastos de envío estándar "
        "originales solo se reembolsan si devuelve el pedido completo en los 14 días siguientes a la "
        "entrega.",
    ],
    "warranty_claim": [
        "Todos nuestros productos tienen una garantía legal de 2 años desde la entrega para los defectos que "
        "ya existían en ese momento; puede optar por la reparación, la sustitución, una rebaja del precio o "
        "el reembolso. El número de pedido sirve como justificante de compra.",
        "Para tramitar la garantía, escríbanos a través del formulario de lumio.example/help con el número "
        "de pedido y una breve descripción del fallo, a ser posible con fotos. Le indicaremos los siguientes "
        "pasos.",
        "Algunos fabricantes ofrecen además su propia garantía, pero la garantía legal de 2 años la "
        "gestionamos nosotros. El número de pedido {order} basta como prueba de compra.",
    ],
    "password_reset": [
        "El enlace para restablecer la contraseña es válido durante 60 minutos; si ha caducado, solicite uno "
        "nuevo y ábralo enseguida. Revise también la carpeta de correo no deseado.",
        "Tras 5 intentos fallidos de inicio de sesión, la cuenta se bloquea durante 30 minutos por "
        "seguridad. Pasado ese tiempo podrá volver a intentarlo o restablecer la contraseña.",
        "Si ha perdido el acceso a su aplicación de autenticación, le ayudaremos a recuperar la cuenta una "
        "vez verificada su identidad. Después podrá volver a activar la verificación en dos pasos en "
        "Cuenta › Seguridad.",
    ],
    "account_update": [
        "Puede cambiar su dirección de correo electrónico y su nombre en cualquier momento en Cuenta › "
        "Ajustes. Su historial de pedidos se mantiene igual.",
        "Puede eliminar su cuenta desde Cuenta › Privacidad. Tenga en cuenta que las facturas se conservan "
        "durante 10 años porque así lo exige la normativa fiscal.",
        "Para cambiar el correo o el nombre, vaya a Cuenta › Ajustes; si lo que desea es eliminar la "
        "cuenta, encontrará la opción en Cuenta › Privacidad.",
    ],
    "payment_issue": [
        "Si el pago con tarjeta falla, el pedido permanece pendiente durante 48 horas para que pueda volver "
        "a intentarlo desde Cuenta › Pedidos. Aceptamos Visa, Mastercard, PayPal, Apple Pay y transferencia "
        "SEPA.",
        "Lo que parece un doble cargo suele ser una retención temporal de autorización, que su banco libera "
        "en un plazo de 7 días. Si pasado ese plazo siguen apareciendo los dos cargos, escríbanos y lo "
        "revisaremos.",
        "Klarna solo está disponible para pedidos en Alemania. Si paga por transferencia SEPA, reservamos el "
        "pedido durante 7 días; si no recibimos el pago en ese plazo, se cancela.",
    ],
    "invoice_request": [
        "Le enviamos la factura en PDF por correo electrónico cuando se envía el pedido, y también puede "
        "descargarla en cualquier momento en Cuenta › Pedidos.",
        "Si compra para su empresa, añada su número de IVA intracomunitario en Cuenta › Ajustes antes de "
        "realizar el pedido para que se aplique la inversión del sujeto pasivo.",
        "Podemos emitir una factura corregida en los 30 días siguientes a la factura original. Indíquenos la "
        "razón social, la dirección y el número fiscal correctos y se la enviaremos por correo electrónico.",
    ],
    "promo_code": [
        "Solo se puede usar un código promocional por pedido y los códigos no son acumulables. Además, no es "
        "posible añadir un código una vez realizado el pedido.",
        "Las tarjetas regalo son válidas durante 3 años y se pueden combinar con cualquier método de pago. "
        "Si nos indica el número de la tarjeta, le confirmamos el saldo disponible.",
        "Hemos revisado el código que nos indica. Compruebe que no haya caducado y recuerde que solo se "
        "admite un código por pedido y que debe introducirse antes de finalizar la compra.",
    ],
    "data_request": [
        "Puede solicitar el acceso, la rectificación, la supresión o una copia de sus datos personales en "
        "Cuenta › Privacidad o escribiendo a privacy@lumio.example. Le responderemos en un plazo de 30 días "
        "tras verificar su identidad.",
        "Hemos recibido su solicitud de supresión de datos y la tramitaremos en un plazo máximo de 30 días "
        "tras verificar su identidad. Tenga en cuenta que las facturas deben conservarse 10 años por "
        "obligación legal.",
        "Para enviarle una copia de sus datos necesitamos verificar primero su identidad. Puede hacer la "
        "solicitud directamente en Cuenta › Privacidad o escribir a privacy@lumio.example.",
    ],
    "complaint": [
        "Lamentamos mucho su experiencia. Hemos registrado su queja y un responsable de equipo la revisará "
        "en "
        "un plazo de 2 días laborables.",
        "Gracias por contarnos lo sucedido; no es el trato que queremos ofrecer. Un responsable de equipo "
        "revisará su caso en 2 días laborables y se pondrá en contacto con usted.",
        "Hemos trasladado su reclamación a un responsable de equipo, que le responderá en 2 días laborables. "
        "Como cliente de la UE, también puede recurrir a la plataforma europea de resolución de litigios en "
        "línea.",
    ],
}

THANKS_REPLIES: list[str] = [
    "¡Gracias, ya está solucionado!",
    "Perfecto, muchas gracias por la ayuda.",
    "Genial, ya me funciona. Un saludo.",
    "Muchas gracias por la rapidez.",
    "Vale, entendido. Gracias.",
    "Estupendo, ya me ha llegado. ¡Gracias!",
    "Mil gracias, de verdad.",
    "Gracias por la explicación, ahora lo tengo claro.",
]
